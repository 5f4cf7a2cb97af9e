## Safe contact (issue #23): what the person sees
# The first line of every message the person did not just ask for: it is what a lock screen
# shows, so it says nothing about why.
contact-head = 💬 New message
btn-contact-not-now = 🔕 Not now
contact-not-now-done = Paused. Nothing more will come until you say it is safe (send /start).
contact-paused =
    Welcome back. Since you left last time, messages for you are on hold. Waiting: { $count }.
    Is it safe to show them now?
btn-contact-safe = ✅ Safe now, show them
btn-contact-drop = 🗑 Delete them unread
contact-resumed = Good. The messages will come now ({ $sound }). 🔕 Not now under any of them pauses again.
contact-dropped = Deleted unread: { $count }. Your defender was told.
contact-settings =
    <b>Messages from your defender</b>
    They come silently unless you turn sound on. You can also choose the hours when it is safe to get them: outside those hours they wait.
    Now: { $sound }, { $hours }.
contact-sound-on = with sound
contact-sound-off = silently
contact-any-time = at any time
btn-contact-sound-on = 🔔 Turn sound on
btn-contact-sound-off = 🔕 Make them silent
btn-contact-any-time = Any time
btn-contact-settings = 🔔 Notifications and hours
mydata-erase-group = Erasing also deletes the topics of your requests in the social defenders' group, with every message in them; their records keep only the request number, who handled it and how many days it was open.
cmd-contact = Notifications and safe hours

## Safe contact: what the defenders see in the case's topic
case-contact-paused-exit = ⏸ The person left the chat quickly: it may not be safe for them. Do not write until they write again. Replies written meanwhile are held, not sent.
case-contact-paused-not-now = ⏸ The person pressed “Not now”: this is not a good moment. Replies are held until they say it is safe.
case-contact-held = ⏸ Held: the person has paused contact. Your reply will be delivered when they say it is safe, or deleted if they choose so.
case-contact-resumed = ▶️ The person says it is safe now. Held replies are being delivered: { $count }.
case-contact-dropped = 🗑 The person chose not to receive the held replies ({ $count }): they were deleted unsent.
case-contact-later = 🕘 The person chose the hours when it is safe to receive messages: your reply waits until then.
case-record-erased = 🗑 Case #{ $case } was erased at the person's request: { $taken }, open for { $days } days.
case-record-expired = 🗑 Case #{ $case } was erased: closed more than { $keep } days ago; { $taken }, open for { $days } days.
case-record-taken = taken by { $name }
case-record-untaken = never taken
