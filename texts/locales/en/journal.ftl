## The journal (/journal): a record of what happened, kept encrypted on the bot's server, not on the phone

cmd-journal = My journal of what happened
btn-journal = 📓 Journal
journal-mydata = 📓 Your journal (encrypted): { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}

journal-title = 📓 My journal
journal-intro = Write down what happened, at your own pace: when, where, what was done, injuries, who saw it. Entries are stored encrypted on the bot's server, not on this phone, and what you type is deleted from the chat once it is stored. Each entry gets a number, a time and a fingerprint, which show later that it has not been changed since. A social defender, the police or a court may ask for such a record.
journal-none-yet = No entries yet.
journal-count = { $count ->
    [one] 1 entry is stored.
   *[other] { $count } entries are stored.
}
journal-btn-new = ➕ New entry
journal-btn-continue = ✏️ Continue the entry
journal-btn-list = 📋 My entries ({ $count })
journal-full = The journal holds at most { $limit } entries.
journal-full-hint = To add one, delete an entry you no longer need.

## An entry being written
journal-new-title = 📝 New entry
journal-edit-title = 📝 Changing entry №{ $number }
journal-not-saved-yet = Nothing is stored until you press “💾 Save”. Tap a line below to fill it in or change it.
journal-entry-empty = Nothing is filled in yet.
journal-btn-save = 💾 Save
journal-btn-discard = 🗑 Discard
journal-say-something = ⚠️ Fill in at least one line besides “when” before saving.
journal-discarded = The unsaved entry is discarded.
journal-step = Step { $step } of { $total }. Any step can be skipped.
journal-now-holds = Now: { $value }
journal-btn-clear = ✖️ Clear this line
journal-btn-skip = ⏭ Skip
journal-btn-to-draft = 📄 The whole entry

## The lines of an entry: the label in the entry, the button, the question
journal-field-when = When:
journal-field-place = Where:
journal-field-what = What happened:
journal-field-injuries = Injuries:
journal-field-witnesses = Witnesses:
journal-field-police = Police:
journal-btn-when = When
journal-btn-place = Where
journal-btn-what = What happened
journal-btn-injuries = Injuries
journal-btn-witnesses = Witnesses
journal-btn-police = Police
journal-q-when = When did it happen?
journal-q-part = { $day }: at what time of day?
journal-q-date = On which day did it happen?
journal-q-place = Where did it happen?
journal-q-what = What happened?
journal-q-injuries = Were you or anyone else hurt?
journal-q-witnesses = Did anyone see or hear it?
journal-q-police = Were the police called?
journal-ask-what = Type it in your own words: who did what, what was said or threatened. Up to { $limit } characters. Your message is deleted from the chat once it is stored.
journal-ask-injuries = Type what injuries there were and where on the body, and whether you saw a doctor. Up to { $limit } characters. Your message is deleted from the chat once it is stored.
journal-ask-witnesses = Type who saw or heard it (a name, or “a neighbour”) and how to reach them, if you know. Up to { $limit } characters. Your message is deleted from the chat once it is stored.
journal-ask-date = Type the date, for example 14.03.2026 (or 14.03 for this year). Your message is deleted from the chat once it is read.

## Answers chosen by a button
journal-when-now = 🕒 Just now
journal-when-today = Today
journal-when-yesterday = Yesterday
journal-when-other-day = 📅 Another day
journal-when-at = { $day }, { $time }
journal-when-part = { $day }, { $part }
journal-when-day = { $day }
journal-part-morning = morning
journal-part-daytime = daytime
journal-part-evening = evening
journal-part-night = night
journal-part-unknown = I do not remember
journal-place-home = At home
journal-place-relatives = At someone else's home
journal-place-outside = Outside, in transport
journal-place-work = At work or school
journal-place-online = By phone or online
journal-place-other = Somewhere else
journal-police-called = Yes, they were called
journal-police-not-called = No

## What could not be taken
journal-problem-empty = ⚠️ This step takes typed words. Type your answer, or skip the step.
journal-problem-long = ⚠️ That is longer than { $limit } characters. Please make it shorter.
journal-problem-date = ⚠️ I could not read that date. Type it like 14.03.2026.
journal-problem-future = ⚠️ That day has not come yet. Type the day it happened.
journal-problem-past = ⚠️ That date is very long ago. Please check the year.
journal-not-deleted = ⚠️ Your message could not be deleted from the chat. Please delete it yourself.

## Stored entries
journal-receipt = ✅ Entry №{ $number } is stored: { $time } (Almaty time). Fingerprint: { $fingerprint }…
journal-receipt-edited = ✅ Entry №{ $number } is changed and stored anew: { $time } (Almaty time). New fingerprint: { $fingerprint }…
journal-receipt-hint = The entry is not on this phone: you can open it here, under “My entries”. The full fingerprint is shown with the entry; it shows that the entry has not been changed since it was stored.
journal-btn-open = 📄 Open entry №{ $number }
journal-btn-back = ◀ Journal
journal-list-title = 📋 My entries: { $count }
journal-list-page = Page { $page } of { $pages }
journal-list-hint = Newest first. The buttons show only the number, the day and the place.
journal-btn-newer = ◀ Newer
journal-btn-older = Older ▶
journal-entry-title = 📓 Entry №{ $number }
journal-stored-on = Stored: { $time } (Almaty time)
journal-fingerprint = Fingerprint (SHA-256): <code>{ $fingerprint }</code>
journal-btn-edit = ✏️ Change
journal-btn-delete = 🗑 Delete
journal-btn-list-back = ◀ My entries
journal-delete-confirm = ⚠️ Delete this entry? It cannot be brought back.
journal-btn-delete-yes = 🗑 Yes, delete it
journal-btn-delete-no = ◀ No, keep it
journal-deleted = The entry is deleted.

## Attachments: photos, voice messages, videos, documents
journal-mydata-files = 📎 Files attached to your journal (encrypted): { $count }
journal-field-media = Files:
journal-btn-media = Photos and files
journal-q-media = Do you have photos, voice messages, videos or documents?
journal-ask-media = Send them here, one or several: photos of injuries or damage, voice messages, videos, screenshots of messages, a doctor's paper. Each is stored encrypted and deleted from the chat. Up to { $size } MB a file.
journal-files-space = Space used: { $used } MB of { $total } MB.
journal-files-count = { $count ->
    [one] 1 file
   *[other] { $count } files
}
journal-btn-files-done = ✅ Done with files
journal-kind-photo = Photo
journal-kind-video = Video
journal-kind-voice = Voice message
journal-kind-video-note = Video message
journal-kind-audio = Audio
journal-kind-document = Document
journal-kind-animation = Animation
journal-problem-not-media = ⚠️ Here the bot takes photos, voice messages, videos and documents. Send one, or press “✅ Done with files”.
journal-problem-file-big = ⚠️ This file is larger than { $limit } MB, the most the bot can take.
journal-problem-files-full = ⚠️ There is no more room: the journal keeps up to { $limit } MB of files, and up to 30 files an entry.
journal-file-left = The file is still in the chat: delete it yourself if someone else may see this phone.
journal-receipt-files = 📎 { $count ->
    [one] 1 file is attached. It gets its own fingerprint once it is stored: see it on the entry.
   *[other] { $count } files are attached. Each gets its own fingerprint once it is stored: see them on the entry.
}
journal-file-stored = stored { $time }, fingerprint { $fingerprint }…
journal-file-pending = being stored…
journal-file-failed = could not be stored (Telegram did not give the file)
journal-btn-files-send = 📎 Show the files ({ $count })
journal-files-sent = { $count ->
    [one] 📎 The file is above. It stays in this chat until you delete it; a quick exit deletes it too.
   *[other] 📎 The files are above ({ $count }). They stay in this chat until you delete them; a quick exit deletes them too.
}
journal-files-more = { $count ->
    [one]    … and 1 more file
   *[other]    … and { $count } more files
}
journal-file-line =    { $index }. { $kind } · { $size } MB · { $state }

## The journal's PIN: it guards the journal, the safety plan and “What the bot keeps about you”
pin-on = 🔒 A PIN guards the journal, the safety plan and your data here.
pin-off = 🔓 No PIN: anyone holding this phone can open the journal. You can set a PIN.
pin-btn-set = 🔒 Set a PIN
pin-btn-remove = 🔓 Remove the PIN
pin-enter = 🔒 Enter your PIN
pin-new = 🔒 Choose a PIN
pin-new-hint = { $low } to { $high } digits. Pick one others will not guess; it cannot be recovered if you forget it.
pin-again = 🔒 Enter the same PIN again
pin-short = The PIN needs at least { $low } digits.
pin-mismatch = ⚠️ The two PINs were not the same. Choose a PIN again.
pin-wrong = ⚠️ Wrong PIN. Tries left: { $left }.
pin-locked = ⏳ Too many wrong tries: the PIN can be tried again after { $time }.
pin-btn-forgot = I forgot the PIN
pin-set = 🔒 The PIN is set. From now on it is asked before the journal, the safety plan or your data opens; a quick exit closes them again.
pin-opened = 🔓 Open. It closes after 10 minutes without a press, or with a quick exit.
pin-btn-continue = ▶️ Continue
pin-remove-confirm = Remove the PIN? Then anyone holding this phone can open the journal, the safety plan and your data.
pin-btn-remove-yes = 🔓 Yes, remove it
pin-removed = 🔓 The PIN is removed.
pin-forgot = A forgotten PIN cannot be recovered: not even the bot's team can read it. The only way on is to erase the journal with its PIN (your safety plan and requests stay). Erase the journal?
pin-btn-erase = 🗑 Erase the journal and its PIN
pin-btn-try-again = ◀ Try the PIN again
pin-erased = 🗑 The journal and its PIN are erased.

## Sharing entries with one's social defender (only by the person's press)
journal-btn-share = 📤 Share with my defender
journal-share-title = 📤 Share with your social defender
journal-share-hint = Choose the entries to send to the social defender of your open request. Nothing goes until you have seen it and pressed “Send”. The defenders see the entries and their files, not your Telegram name or account.
journal-share-chosen = Chosen: { $count }
journal-btn-share-preview = 👁 See what goes ({ $count })
journal-share-preview = This is what your defender will get, first as one message:
journal-share-then = Then each entry whole, as you see it when you open it, with its files ({ $count }).
journal-btn-share-send = 📤 Send to my defender
journal-btn-share-change = ✏️ Change the choice
journal-share-sent = 📤 Sent to your social defender (request #{ $case }): { $count } entries and { $files } files. They are in your journal too, unchanged.
journal-share-no-case = To share entries, you need an open request to a social defender. You can write one now; the entries stay in your journal until you share them.
journal-btn-to-defender = ✉️ Write to a social defender
journal-share-too-many = At most { $limit } entries at a time.
journal-share-head = 📓 Journal entries the person shared: { $count }
journal-share-head-note = Chosen and sent by the person. Each entry's fingerprint (SHA-256) shows it was not changed after it was stored; each file has its own.
journal-share-line = №{ $number } · { $what } · 📎 { $files } · { $fingerprint }…
journal-share-no-date = no date
journal-share-file = №{ $number }, file { $index }: { $kind }. SHA-256: { $fingerprint }
journal-share-no-digest = not stored yet

## A draft statement or protective-order request, from the journal
journal-btn-doc = 📝 Make a draft
journal-doc-intro = From your entries the bot can make a draft document in Kazakh or Russian, for you to check with a social defender, fill in by hand (your name, address, whom it is about) and hand in yourself. It is only a draft: nothing is sent to the police.
journal-doc-police = 📝 Statement to the police
journal-doc-order = 🛡 Request for a protective order
journal-doc-language = In which language should the document be?
journal-doc-pick = Choose the entries for the document. Chosen: { $count }
journal-btn-doc-preview = 👁 See the draft ({ $count })
journal-doc-warning = ⚠️ This is a DRAFT: check it with a social defender before you hand it in, and fill in the blanks by hand. Write only what happened: a knowingly false report is a criminal offence.
journal-doc-cut = The draft is shortened here to fit the screen; the PDF holds all of it.
journal-btn-doc-defender = 📤 PDF to my defender
journal-btn-doc-here = 📄 PDF here, in this chat
journal-doc-here = ⚠️ A draft from your journal. This document stays in the chat until you delete it; a quick exit deletes it too.
journal-doc-here-done = 📄 The PDF is above. Delete it when you have saved it somewhere safe.
journal-doc-no-topic = To send the draft to a defender you need an open request to a social defender. You can get the PDF here instead.
journal-doc-caption = 📝 { $title }: a draft the person made from their journal, for you to check with them.
journal-doc-sent = 📤 The draft went to your social defender (request #{ $case }).
journal-doc-footer = A draft from a journal: check it with a social defender before handing it in

## The whole journal as one file
journal-btn-export = 📦 Download my journal
journal-export-warning = 📦 You can download your whole journal as one zip file: the entries as text with their fingerprints, and the files (up to 48 MB, Telegram's limit; the rest stay in the journal). ⚠️ The file will sit in this chat until you delete it (a quick exit deletes it from the chat), and in your phone's downloads or wherever you save it: anyone who can open those can read it. A password protects it there; without the password it cannot be opened, and the bot cannot recover it.
journal-btn-export-plain = 📦 Without a password
journal-btn-export-password = 🔑 With a password
journal-export-ask-password = 🔑 Type a password for the file, { $low } to { $high } characters. Your message is deleted from the chat at once; the bot does not keep the password. To open the file you will need an archive app that reads AES zip files (for example 7-Zip).
journal-export-password-bad = ⚠️ The password must have { $low } to { $high } characters. Type another one.
journal-export-caption = 📦 Your journal. This file stays in the chat until you delete it; a quick exit deletes it too.
journal-export-sent = 📦 The file is above. Save it somewhere safe, then delete it from the chat.
journal-export-sent-password = 🔑 The file is above, protected by your password. Save it somewhere safe, then delete it from the chat.
journal-export-head = My journal: what happened, as I recorded it. Each entry has its number, the time it was stored and its SHA-256 fingerprint; each file has its own.
journal-export-left = Files that did not fit in this file (they are still in the journal):
