## Commands (Telegram's command menu)
cmd-start = Start again
cmd-help = What this bot does
cmd-sos = Emergency numbers
cmd-language = Change language
cmd-cancel = Stop the current step
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

## The same words in every language: where the reader's language may be unknown
btn-sos-trilingual = 🆘 Көмек · Помощь · Help
btn-exit-trilingual = 🚪 Шығу · Выход · Exit
btn-menu-trilingual = ☰ Мәзір · Меню · Menu
btn-language-trilingual = 🌐 Тіл · Язык · Language

## First contact
language-choose = Choose your language:
    Тілді таңдаңыз:
    Выберите язык:
language-changed = The language is now English.
start-greeting =
    <b>Hello. This is Qorgau, a helper that shows no one who you are.</b>
    It helps people who face violence at home: it explains your rights, what you can do, and where to get help.

    First, one question: <b>are you in danger right now?</b>
btn-danger-yes = Yes, I am in danger now
btn-danger-no = No, not right now

## Emergency numbers
sos-text =
    <b>If you are in danger now</b>

    📞 <b>112</b> — single emergency number (police, ambulance, rescue)
    📞 <b>102</b> — police
    📞 <b>103</b> — ambulance
    📞 <b>111</b> — help for families, women and children: 24/7, free from landlines and mobiles, you need not give your name; you can also send a text message
    📞 <b>150</b> — helpline for children and young people

    If you can, go to a safe place: neighbours, relatives, a shop or any public place.

## Main menu
menu-title =
    <b>Menu</b>
    Choose what you need. The bot shows no one who you are, but others may see this phone.
btn-assess = 📝 Check: is it cruel treatment?
btn-assess-resume = 📝 Continue the check ({ $number } of { $total })
btn-rights = ⚖️ My rights
btn-guide = 🧭 What to do
btn-talk = 💬 Talk to a person
btn-language = 🌐 Language
btn-forget = 🗑 Erase my data

help-text =
    <b>What this bot does</b>
    • shows emergency numbers (the 🆘 button on every screen, or /sos);
    • helps you see, with a short check, whether what happens to you counts as cruel treatment under the law;
    • explains your rights, and what to do for each kind of violence;
    • tells you where to talk to a person who can help, and where to get help near you (/directory);
    • asks about signs of serious danger (/danger) and helps you make a safety plan (/plan).
    • helps when you are worried about someone else: a relative, a friend, a neighbour (/someone).

    <b>Your safety</b>
    • 🚪 Quick exit (or /exit) deletes the last 48 hours of this conversation from the chat (Telegram lets a bot delete no older messages) and leaves one harmless "Goodbye" message.
    • /hide: how to keep this chat hidden on your phone (auto-delete, a passcode, signs of spyware).
    • /mydata shows what the bot keeps about you; /forget erases all of it.
    • The bot does not show your name or your Telegram account to anyone.

    /language — change the language, /cancel — stop the current step.

talk-text =
    <b>Talk to a person</b>
    You can talk to a person who can help:

    📞 <b>111</b> — help for families, women and children: 24/7, free; you can call or send a text message.
    📞 <b>150</b> — helpline for children and young people.
talk-no-defender = You cannot reach a social defender through this bot yet.

## Quick exit and erasing data
exit-neutral = Goodbye! 🌿
forget-confirm =
    <b>Erase your data?</b>
    The bot will delete everything it keeps about you (your language, your answers, your requests) and clear this chat as far as Telegram allows. If you wrote to a social defender, the topic of your request in their group is deleted with every message in it; only one line stays in their records: the request number, who handled it and how many days it was open. Telegram itself may keep copies for a while under its own rules. You cannot undo this.
btn-erase-yes = Yes, erase everything
btn-erase-no = No, keep it
forget-done = All done. Have a good day! 🌿
forget-kept = Nothing was erased.
cancel-done = Stopped; your answers were not saved. Here is the menu:
cancel-nothing = There was nothing to stop. Here is the menu:
stale-button = This button no longer works. Here is your current screen.
error-generic = Sorry, something went wrong on our side. Please try again, or send /start. If you are in danger, call 112 or 102.

## Pre-assessment
assess-intro-title = Quick check: is it cruel treatment?
assess-intro-text =
    I will ask { $total } short questions about what happens to you at home. Answer <b>Yes</b>, <b>No</b> or <b>Not sure</b>. You can go back, or skip a whole group of questions.

    This is not an official decision. It only shows whether you may have grounds to ask the state for help.
assess-intro-rule = The questions come in four groups. Each "Yes" gives points. If <b>one</b> group reaches { $threshold } points or more, this may be recognised as cruel treatment. Points from different groups are not added together.
btn-assess-start = Start
question-progress = Question { $number } of { $total }
question-reprompt = I only understand the buttons. Please answer with a button under the question. If you need help urgently, press 🆘.
question-previous = Your earlier answer: { $answer ->
        [y] Yes
        [n] No
       *[u] Not sure
    }
btn-yes = Yes
btn-no = No
btn-unsure = Not sure
btn-skip-block = Skip this group
btn-legal-words = 📖 Official wording
btn-plain-words = Hide official wording
legal-wording = In the official wording:
legal-wording-adapted = The official wording, adapted:
legal-points = { $points ->
        [one] { $points } point
       *[other] { $points } points
    }

result-title = Your check result
result-points = { $points ->
        [one] { $points } point
       *[other] { $points } points
    } (threshold: { $threshold })
result-skipped = skipped
result-child-points = { $points } of them about a child
result-recognised = At least one group reaches { $threshold } points or more: this may be recognised as cruel treatment.
result-recognised-child = Your answer about a child under 14 gives { $threshold } points or more: the child may be recognised as having suffered cruel treatment.
result-not-recognised = No group reaches { $threshold } points. This does not mean nothing happened: if you feel unsafe, you still deserve help.
result-all-skipped = You skipped every group of questions, so this check cannot say whether it is cruel treatment. This does not mean nothing happened: if you feel unsafe, you still deserve help. You can take the check again at any time.
result-unsure = You answered "Not sure" { $count ->
        [one] once
       *[other] { $count } times
    }. It is worth talking this over with a social defender:
result-indicative = This is only a rough check, not a decision. The official assessment is made by the authorised bodies.
result-next = What next? The 🧭 buttons below show what to do for each kind of violence. You can also read your rights or talk to a person.
result-next-none = What next? Below you can read what to do in each kind of violence, read your rights or talk to a person.
btn-guide-for = 🧭 { $kind }
btn-assess-again = 🔄 Take the check again

## Legal content
source-label = Source:
note-label = What has changed:
advice-label = General advice (not from the source below):
source-outdated = ⚠️ This comes from an act that has since been replaced or changed. Tap to see the source and what changed.
source-note = ℹ️ Source and a note: tap to read.
rights-intro = If you have suffered cruel treatment, the law may recognise you as a person in a "difficult life situation". What this gives you, where to apply and how the decision is made are in the topics below. You apply in writing. If you cannot apply yourself, someone else can do it for you, saying why. Choose a topic:
btn-rights-all = All topics
guide-intro = Choose the one closest to what is happening to you. If more than one fits, start with any of them:
guide-kind-pick = Choose a topic:
btn-guide-all = All kinds of violence
btn-guide-kind = All topics

## Shown at once after a yes that may mean danger to life
urgent-note = 🆘 Thank you for telling me. If your life or health is in danger now, call 112 or 102. At 111 someone answers day and night, for free; you can also send a text message. You are not alone.
