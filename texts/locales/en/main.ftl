## Commands (Telegram's command menu)
cmd-start = Start again
cmd-help = What this bot does
cmd-sos = Emergency numbers
cmd-language = Change language
cmd-cancel = Stop what I am doing
cmd-forget = Erase my data
cmd-exit = Quick exit: clear this chat

## Safety row, on every screen
btn-sos = 🆘 Emergency numbers
btn-exit = 🚪 Quick exit
btn-menu = ☰ Menu
btn-continue = Continue
btn-back = ◀ Back
btn-prev = ◀ Previous
btn-next = Next ▶

## First contact
language-choose = Choose your language:
    Тілді таңдаңыз:
    Выберите язык:
language-changed = The language is now English.
start-greeting =
    <b>Hello. This is Qorgau, a confidential helper.</b>
    It helps people who face violence at home: it explains your rights and what you can do, and it can put you in touch with a social defender.

    First, one question: <b>are you in danger right now?</b>
btn-danger-yes = Yes, I am in danger now
btn-danger-no = No, not right now

## Emergency numbers
sos-text =
    <b>If you are in danger now</b>

    📞 <b>112</b> — emergency line (police, ambulance, rescue)
    📞 <b>102</b> — police
    📞 <b>103</b> — ambulance
    📞 <b>111</b> — help for families, women and children: 24/7, free, you can also send a text message
    📞 <b>150</b> — trust line for children and teenagers: 24/7, free

    If you can, go to a safe place: neighbours, relatives, a shop or any public place.
    Calls to these numbers are free, also from a phone without credit.

## Main menu
menu-title = <b>Menu</b>
    Choose what you need. Everything here is confidential.
fallback-menu = I work best with the buttons. Here is the menu:
btn-assess = 📝 Do I face cruel treatment? (pre-assessment)
btn-assess-resume = 📝 Continue the pre-assessment (question { $number } of { $total })
btn-rights = ⚖️ My rights
btn-guide = 🧭 What to do
btn-talk = 💬 Talk to a person
btn-language = 🌐 Language
btn-forget = 🗑 Erase my data

help-text =
    <b>What this bot does</b>
    • shows emergency numbers (button 🆘 on every screen, or /sos);
    • a short pre-assessment: does what happens to you count as cruel treatment under the law;
    • your rights, and what to do for each kind of violence;
    • how to reach a person who can help.

    <b>Your safety</b>
    • 🚪 Quick exit (or /exit) deletes this conversation from the chat and leaves one harmless message.
    • /forget erases everything the bot keeps about you.
    • The bot does not show your name or your Telegram account to anyone.

    /language — change the language, /cancel — stop what you are doing.

talk-text =
    <b>Talk to a person</b>
    You can talk to a trained person right now, free and at any time of day:

    📞 <b>111</b> — help for families, women and children: 24/7; you can call or send a text message.
    📞 <b>150</b> — for children and teenagers: 24/7.

    Talking to a social defender through this bot is not available here yet.

## Quick exit and erasing data
exit-neutral = Goodbye! 🌿
forget-confirm =
    <b>Erase your data?</b>
    This deletes everything the bot keeps about you: your language, your answers and the list of messages in this chat. It cannot be undone.
btn-erase-yes = Yes, erase everything
btn-erase-no = No, keep it
forget-done = Done. Everything the bot kept about you has been erased. To start again, send /start.
forget-kept = Nothing was erased.
cancel-done = Stopped. Your answers were not kept. Here is the menu:
cancel-nothing = There was nothing to stop. Here is the menu:
stale-button = This button is old. Here is where you are now.
error-generic = Sorry, something went wrong on our side. Please try again, or send /start. If you are in danger, call 112 or 102.

## Pre-assessment
assess-intro-title = Pre-assessment: is it cruel treatment?
assess-intro-text =
    I will ask { $total } short questions about what happens to you at home. Answer <b>Yes</b>, <b>No</b> or <b>Not sure</b>. You can go back, or skip a whole group of questions.

    This is not an official decision: it only shows whether you may have grounds to ask for help from the state.
assess-intro-rule = The questions come in four groups. Each answer "Yes" gives points; if the points in <b>one</b> group reach { $threshold } or more, this may be recognised as cruel treatment. Points from different groups are not added together.
btn-assess-start = Start
question-progress = Question { $number } of { $total }
question-reprompt = Please answer with the buttons under the question.
question-previous = Your earlier answer: { $answer ->
        [y] Yes
        [n] No
       *[u] Not sure
    }
btn-yes = Yes
btn-no = No
btn-unsure = Not sure
btn-skip-block = Skip this group
btn-legal-words = 📖 Wording of the law
btn-plain-words = Hide the wording of the law
legal-wording = In the words of the law:
legal-points = { $points ->
        [one] { $points } point
       *[other] { $points } points
    }

result-title = Your pre-assessment
result-points = { $points ->
        [one] { $points } point
       *[other] { $points } points
    } (needed: { $threshold })
result-skipped = skipped
result-recognised = One group reaches { $threshold } points or more: this can be recognised as cruel treatment.
result-not-recognised = No group reaches { $threshold } points. This does not mean nothing happened: if you feel unsafe, you still deserve help.
result-unsure = You answered "Not sure" { $count ->
        [one] once
       *[other] { $count } times
    }. These are worth discussing with a social defender:
result-indicative = This is only an indicative pre-assessment. The official assessment is made by the authorised bodies.
result-next = What next: read your rights, see what to do, or talk to a person.
btn-guide-for = 🧭 What to do: { $kind }
btn-assess-again = 🔄 Start the pre-assessment again

## Legal content
source-label = Source:
note-label = What has changed:
rights-intro = The rights and duties of a person in a difficult life situation, where to apply, and how the decision is made. Choose a part:
btn-rights-all = All parts
guide-intro = What you can do, for each kind of violence. Choose the one closest to what happens to you:
guide-kind-pick = Choose a part:
btn-guide-all = All kinds of violence
btn-guide-kind = Back to this kind

## Shown at once after a yes that may mean danger to life
urgent-note = 🆘 Thank you for telling me. If your life or health is in danger now, call 112 or 102. At 111 someone answers day and night, free (you can also send a text message). You are not alone.
