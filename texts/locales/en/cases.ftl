## Cases in the defenders' group (DEFENDERS_LANGUAGE), and what the person is told about them

case-btn-take = ✋ Take the case
case-btn-release = ↩️ Release
case-btn-close = ✅ Close
case-btn-reopen = 🔄 Reopen
case-status-taken = ✋ Taken by { $name }.
case-status-closed = ✅ Closed.
case-defender = Defender
case-refused = Only members of the defenders' group can do this.
case-already-taken = Another defender has already taken this case.
case-is-closed = Case #{ $case } is closed: nothing was sent. Reopen it first.
case-not-taken = Nobody has taken this case.
case-person-gone = The person has erased their data or can no longer be reached: nothing was sent.
case-send-usage = Write the message after the command: /send Hello, I am your defender…
case-name-set = Your replies will be signed: { $name }
case-name-cleared = Your replies will be signed "Defender".
case-closed-by-person = ℹ️ The person closed case #{ $case }.
case-erased-by-person = ℹ️ The person erased their data. Case #{ $case } is closed; nothing more can be sent to them.
case-person-blocked = ⚠️ The person blocked the bot: replies in case #{ $case } cannot be delivered for now.
case-reopened-by-person = 🔄 The person wrote again: case #{ $case } is reopened.
case-not-copyable = ⚠️ The person sent a kind of message the bot cannot pass on. They were asked to write in words.
case-person-edited = ✏️ The person edited an earlier message; the new version follows.
case-not-delivered-blocked = ⚠️ Not delivered: the person blocked the bot.
case-not-delivered = ⚠️ Not delivered. Please try again later.
case-reply-again = ⚠️ Not delivered: this message of the person's is still being recorded. Reply to it again in a minute.
case-reminder = ⏰ Case #{ $case } is still waiting for a defender. { $link }
case-reminder-urgent = 🚨 URGENT case #{ $case } is still waiting for a defender. { $link }

## Blocking the person of a case: any defender blocks (asked first), only NGO admins lift it

case-btn-block = ⛔ Block this person
case-btn-block-yes = ⛔ Yes, block
case-btn-block-no = Cancel
case-btn-unblock = 🔓 Unblock (NGO admins)
case-block-confirm = <b>Block the person of case #{ $case }?</b> Their messages will no longer reach this topic, replies will not be sent to them, and they cannot open a new request. They are told politely, without reasons, and given the emergency numbers. Only an NGO admin can lift the block.
case-status-blocked = ⛔ The person is blocked: nothing passes either way.
case-blocked-by = ⛔ { $name } blocked the person of case #{ $case }. Their messages no longer reach this topic, replies are not sent to them, and they cannot open a new request. Only an NGO admin can lift the block: “🔓 Unblock” under the case summary, or /unblock { $case } in a private chat with the bot.
case-unblocked = 🔓 An NGO admin lifted the block on case #{ $case }: the person's messages reach this topic again, and replies go to them.
case-unblock-refused = Only an NGO admin can lift a block.
case-already-blocked = The person of this case is already blocked.
case-not-blocked = This case is not blocked.
case-blocked-no-reply = ⛔ Not sent: the person of case #{ $case } is blocked. Only an NGO admin can lift the block.
cmd-unblock = Lift a block from a case
case-unblock-usage = Write the case number after the command, for example: /unblock 12
case-unblock-unknown = There is no case #{ $case }.
case-unblock-not-blocked = Case #{ $case } is not blocked: there is nothing to lift.
case-unblock-done = 🔓 The block on case #{ $case } is lifted; the topic has been told.

## The person's side

case-relay-started = ✉️ Your message went to your social defender (case #{ $case }). What you write now goes to them too; they will answer here. On any other screen I ask you first. To stop, open the menu (/start) and close your request, or erase everything with /forget.
case-taken-person = 🤝 A social defender has taken your request #{ $case } and will write to you here.
case-closed-person = ✅ Your request #{ $case } has been closed by the defender. If you need help again, just write here.
case-help-delayed = ⏳ Your request #{ $case } is saved, but it has not reached the defenders yet. We keep trying. If you are in danger now, call 112 or the police on 102. The 111 line for family, women's and children's rights is free, day and night.
case-not-copyable-person = This kind of message cannot be passed on to the defender. Please write in words, or send a photo or a document.
case-blocked-person =
    The social defenders cannot receive messages in this conversation now, so what you write here is not passed on to them. We are sorry.

    <b>If you need help:</b>
    📞 <b>112</b> — emergency services
    📞 <b>102</b> — police
    📞 <b>111</b> — help for families, women and children, free, 24/7
    All the numbers are under the 🆘 button. The rest of the bot (your rights, what to do) works as before.
case-unblocked-person = ✉️ The social defenders can receive your messages here again (request #{ $case }).

## Handing a case to another organisation (issue #27)
case-btn-transfer = ↪ Hand to another organisation
case-btn-transfer-no = Cancel
case-transfer-usage = To hand the case over, write in this topic: <code>/transfer key the note</code> (the note is optional). Organisations: { $orgs }
case-transfer-choose = Choose the organisation with a button below. To leave them a note, write in this topic: <code>/transfer key the note</code>. Organisations: { $orgs }
case-transfer-refused = Only the defender who took this case, or an NGO admin, can hand it over.
case-transfer-closed = A closed case cannot be handed over.
case-transfer-none = There is no other organisation to hand it to.
case-transferred-in = ↪ Case #{ $case } was handed to you by the organisation “{ $org }” ({ $name }).
case-transferred-note = 📝 Note: { $note }
case-transferred-out = ↪ Case #{ $case } was handed to the organisation “{ $org }” ({ $name }). This topic is closed: the conversation goes on there.
case-transferred-out-general = ↪ Case #{ $case } was handed to the organisation “{ $org }” ({ $name }) before its topic opened.
case-transferred-person = Your request #{ $case } was passed to another organisation that can help you. There is nothing you need to do: the answer will come here, in this chat.

## Internal notes on a case (issue #27)
case-note-latest = 📝 <b>Note</b> ({ $name }, { $when }): { $note }
case-note-line = 📝 { $name }, { $when }: { $note }
case-note-usage = No notes yet. Write <code>/note text</code>: only colleagues see a note, and the latest shows on the summary.
case-note-saved = 📝 Note saved: the person never sees it; it shows on the summary.

## Canned answers (issue #27)
answers-title = <b>The organisation's canned answers</b>
answers-line = • <code>{ $name }</code>: { $languages }
answers-none = No canned answers yet.
answers-usage = How to use: <code>/answers set name ru text</code> adds or changes an answer in one language (kk, ru or en; up to { $limit } characters); <code>/answers delete name</code> deletes it (<code>/answers delete name ru</code>: one language only); <code>/a name</code> in a case's topic sends it to the person in their language, signed by you.
answers-saved =
    ✅ Answer “{ $name }” ({ $language }) saved. The person will get it like this, under your signature:

    { $text }
answers-deleted = 🗑 Answer “{ $name }” deleted: { $languages }.
answers-not-found = There is no answer “{ $name }”. All answers: /answers
answers-missing = Answer “{ $name }” has no version in the person's language ({ $language }); nothing was sent. It has: { $languages }. Add one: <code>/answers set { $name } { $language } text</code>

## An organisation's figures, /stats (issue #27)
stats-title = 📊 <b>Figures: { $org }</b> (numbers only, nothing about anyone)
stats-open = Open now: { $total } — under a day: { $day }, 1–7 days: { $week }, older: { $older }
stats-period = <b>Last { $days } days</b>: new cases — { $count }
stats-take = • Time to “Take the case” (h:mm): median { $median }, 90% of cases within { $p90 }
stats-reply = • Time to first reply (h:mm): median { $median }, 90% of cases within { $p90 }
stats-regions = • By region: { $regions }
stats-weeks = • By week (dated by its Monday): { $weeks }
stats-defenders = • Cases taken (names from /name): { $defenders }
stats-none = —
