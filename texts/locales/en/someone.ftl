## Worried about someone else (/someone): for a relative, friend, neighbour or teacher.
## Legal statements carry their source; general advice is labelled as such.

cmd-someone = I'm worried about someone
btn-someone = 😟 I'm worried about someone
btn-someone-all = 😟 Back: worried about someone
btn-someone-defender = 🤝 Ask a defender how to help

so-title = 😟 I'm worried about someone
so-intro = Someone close to you – a relative, a friend, a neighbour, a pupil – may be suffering violence at home. Here is how to talk to them, who may apply for help on their behalf, how to report, and a check you answer about them. Choose a topic:
so-btn-talk = 💬 How to talk to the person
so-btn-who = 👥 Who may apply on their behalf
so-btn-report = 📞 How to report
so-btn-child = 🧒 If a child is harmed
so-btn-check = 📝 Check about the person

so-talk =
    <b>💬 How to talk to the person</b>

    💡 <b>General advice</b> (not from a legal source: what helpers commonly advise):
    • Choose a safe time and place, when the person who hurts them is not near. Do not write about it on a phone that person may read.
    • Listen without judging. Believe what they tell you. Say: “It is not your fault”, “You are not alone”.
    • Do not blame them and do not push them: do not demand that they leave or go to the police. The decisions are theirs; your calm support matters more.
    • Keep what they tell you private. Do not tell others without their agreement, unless a life is in danger.
    • Their safety comes first. If they are in danger right now, call 112 or 102. A separation can be a time of greater danger: see “{ btn-red-flags }” in the menu.
    • Do not confront the person who hurts them yourself: it can put them, and you, in more danger.
    • Offer practical help: a safe place for their documents, money or a bag; a code word that means “call the police”; this bot (it has a quick exit 🚪) and the 111 line.
    • You can call 111 yourself to ask how to help: 24/7, free, you need not give your name.

so-who-title = 👥 Who may apply on their behalf
so-who-intro = A person who suffers cruel treatment can apply for special social services. If they cannot apply themselves, the manual names six who may apply for them. This is the bot's section on rights, as written to the person: “you” is the one you are worried about.
so-who-reason = The application must say why the person cannot apply themselves (the social defender's manual, the application procedure).
so-who-advice = If you are not on this list – a friend, a neighbour, a teacher – you can still help: a crisis centre (item 6) can apply for the person, and a social defender can explain the way. With the person's agreement, you can go with them.
so-who-missing = The rights edition in use has no section on who may apply on a person's behalf. Open “⚖️ My rights” in the menu, or ask a social defender or 111.

so-report-title = 📞 How to report
so-report-danger = 🆘 <b>If the person is in danger right now</b>, call <b>112</b> (emergency services) or <b>102</b> (police). Say the address and what you see or hear.
so-report-police = The person can make a statement to the police: at the police duty unit, to the district police inspector, or to the inspector for protecting women from violence. A social defender can help write it and, if the person wishes, represent them with the police. (The social defender's manual, Appendix 3.)
so-report-complaint = ⚠️ <b>What has changed:</b> since 1 July 2023 the police may act on domestic administrative offences without the victim's complaint, and since 16 June 2024 (Law No. 72-VIII of 15 April 2024) on such criminal cases too. The manual, written in 2016–2017, says otherwise. Ask a social defender or 111 what applies now.
so-report-statement = What a statement to the police should contain (the manual, Appendix 3; written to the person: “you” is the one you are worried about):

so-child =
    <b>🧒 If a child is harmed</b>

    🆘 If a child is in danger right now: <b>112</b> or <b>102</b>.
    📞 <b>150</b> — the helpline for children and young people.
    📞 <b>111</b> — the contact centre for the protection of family, women's and children's rights: 24/7, free, you need not give your name.

    <b>Who deals with it, as the social defender's manual says:</b>
    • The police (internal affairs bodies).
    • The guardianship and custody bodies. A school's social-work specialist identifies families in trouble and, where needed, passes the case to the law-enforcement and guardianship bodies.
    • The commission on minors' affairs and the protection of their rights. With help organisations it organises the rehabilitation of minors who suffered domestic violence, decides on placing a minor, and asks the guardianship body to appoint a guardian where needed.
    • An adult member of the family can apply for special social services for the child.

    ⚠️ <b>What has changed:</b> since 16 June 2024 (Law No. 72-VIII of 15 April 2024) reconciliation is not allowed for crimes against minors.

    <blockquote expandable>📖 Source: the social defender's manual (2016–2017): “Education bodies”, “The commission on minors' affairs” (Government decree No. 789 of 11 June 2001, as the manual cites it), and the application procedure under Law No. 114-IV “On special social services”.
    ⚠️ Law No. 114-IV was repealed: the Social Code (No. 224-VII of 20 April 2023) applies since 1 July 2023. Whether the commission's rules still stand in this form was not checked. Ask a social defender or 111 for the current rules.</blockquote>

## The check, worded about the person
so-check-title = 📝 Check about the person: is it cruel treatment?
so-check-text =
    I will ask { $total } short questions about what happens to the person you are worried about. Answer as far as you know: <b>Yes</b>, <b>No</b> or <b>Not sure</b>. You can go back, or skip a whole group of questions.

    This is not an official decision. It only shows whether the person may have grounds to ask the state for help.
so-check-replaces = You had a check about yourself under way. Starting this one replaces it, and those answers are not kept.
so-about-other = about the person
btn-assess-resume-other = 📝 Continue about them ({ $number } of { $total })
urgent-note-other = 🆘 Thank you for telling me. If the person's life or health is in danger now, call 112 or 102. At 111 someone answers day and night, for free, and can advise you too.
so-result-title = Check result: about the person
so-result-recognised = At least one group reaches { $threshold } points or more: the person may be recognised as suffering cruel treatment.
so-result-recognised-child = Your answer about a child under 14 gives { $threshold } points or more: the child may be recognised as having suffered cruel treatment.
so-result-not-recognised = No group reaches { $threshold } points. This does not mean nothing happened: if the person is afraid or unsafe, they still deserve help.
so-result-all-skipped = Every group of questions was skipped, so this check cannot say whether it is cruel treatment. If the person is afraid or unsafe, they still deserve help.
so-result-next = What next? Below: what to do for each kind of violence, what you can do as someone close, and a social defender.

## A request to a defender about someone else (the intake)
so-intake-intro = A social defender can advise you how to help the person: what can be done, and who may act. Answer a few short questions <b>about the person</b>. Nothing is sent until you have seen the request and pressed “✅ Send to a defender”. Give only what is needed: no names or addresses.
so-intake-region =
    <b>Where does the person live?</b>
    Choose the city or region, so the defender knows which services are near them.
so-intake-children =
    <b>Are children involved?</b>
    For example: children live with the person, saw the violence, or were hurt.
so-intake-danger = <b>Is the person in danger right now?</b>
so-intake-danger-note = 🆘 <b>If the person is in danger, call 112 or the police on 102 now.</b> A defender writes to you here and cannot come at once.
so-intake-description =
    <b>In your own words (optional)</b>
    What is happening to the person, and how would you like to help? Write one message. Or press “Skip”.
    The defender will read exactly what you write.
so-intake-preview-note = 😟 This request is <b>about someone else</b>. A social defender will talk <b>with you</b>, here in this chat, about how you can help. The bot does not contact the person you are worried about. By sending, you agree for yourself to share this with the defenders.

## In the case summary (the defenders' language; the asker sees it in the preview)
so-case-note = 😟 From someone worried about another person (a relative, friend, neighbour…). The answers are about that person; talk with the one who asked.

## In /mydata (what the bot keeps)
so-mydata-about-other = 😟 These answers are about another person you are worried about (/someone).
