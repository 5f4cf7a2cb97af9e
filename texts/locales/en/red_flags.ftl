## Signs of serious danger (/danger): questions on signs that a life may be in danger,
## apart from the legal pre-assessment. Not a validated risk instrument: no score.

cmd-danger = Signs of serious danger: 6 questions
btn-red-flags = ⚠️ Danger signs

rf-title = ⚠️ Signs of serious danger
rf-intro = { $total } short questions about the person who hurts you. Public guidance on domestic violence names these among the signs that a life may be in danger: choking, threats to kill, a weapon, violence getting worse, a recent or planned separation, threats to the children.
rf-not-instrument = This is <b>not</b> a scientifically tested way to measure danger, and it gives no score. It is not the legal pre-assessment (📝 in the menu) either. The questions only help you notice the danger and decide what to do now.
rf-source = <i>Where these signs come from: the Danger Assessment by Jacquelyn C. Campbell (Johns Hopkins University School of Nursing, dangerassessment.org) and the study behind it (Campbell et al., American Journal of Public Health, 2003). General guidance, not from the social defender's manual.</i>
rf-intro-yes = If you answer <b>Yes</b> to any question, the bot shows the emergency numbers at once.
rf-intro-kept = Your answers are kept only until the end of these questions, then erased. If you answer “Yes”, the bot remembers only that, so that a request to a social defender is marked urgent. /forget erases everything at any time.
rf-intro-marked = Earlier you answered “Yes” to one of these questions. The bot remembers that.
rf-intro-under-way = You stopped at question { $number } of { $total }.
rf-btn-start = Start
rf-btn-resume = ▶ Continue ({ $number }/{ $total })
rf-btn-again = 🔄 Answer again
rf-progress = Signs of danger · { $number }/{ $total }
rf-note-again = 🆘 If you are in danger right now, call 112 or 102.

rf-q-choke = Has this person ever choked or strangled you: squeezed your neck or throat, or covered your mouth and nose so that you could not breathe?
rf-q-kill = Has this person threatened to kill you or someone close to you?
rf-q-weapon = Has this person threatened you or hurt you with a weapon: a knife, a gun or anything else? Or do they have a gun?
rf-q-worse = Has the violence become more frequent or more severe lately?
rf-q-leave = Have you recently left this person or separated from them, or are you thinking of leaving?
rf-q-children = Has this person threatened to hurt or kill your children?

rf-sign-choke = choking or strangling
rf-sign-kill = threats to kill
rf-sign-weapon = a weapon
rf-sign-worse = violence getting worse or more frequent
rf-sign-leave = a recent or planned separation
rf-sign-children = threats to the children

rf-alert-why = ⚠️ <b>You answered “Yes”.</b> Public guidance names this among the signs that a life may be in danger. That is why the emergency numbers are here right away.
rf-alert-urgent = If you write to a social defender, your request will be marked urgent.
rf-alert-next = When you are ready, you can go on with the questions, or write to someone who can help.
rf-btn-continue = ▶ Continue the questions ({ $number }/{ $total })
rf-btn-summary = ▶ See the summary

rf-summary-title = Signs of serious danger: your answers
rf-summary-yes = You answered “Yes”. The signs you named:
rf-summary-yes-now =
    Such signs mean the danger may be serious, even if nothing like this has happened for a while. It is not your fault, and you are not alone.
    What you can do now:
    • if you are in danger right now, call 112 or 102;
    • tell a social defender or the 111 line about these signs: they will help you think through how to stay safe;
    • if you can, keep your phone charged, and your documents, some money and medicines where you can take them quickly.
rf-summary-none-yes = You did not answer “Yes” to any question.
rf-summary-no = You answered “No” to every question. Even so, if you are afraid, trust that feeling: you deserve to be safe, and help is there.
rf-summary-unsure = You answered “Not sure” about these; it is worth talking them through with a social defender or the 111 line:
rf-summary-help = 📞 <b>111</b> — help for families, women and children: 24/7, free, you need not give your name. If you are in danger right now: <b>112</b> or <b>102</b>.
rf-summary-marked = The bot remembers only one thing: that you answered “Yes” to one of these questions. If you write to a social defender, your request will be marked urgent. Your answers themselves are erased. /forget erases this too.
rf-summary-marked-no-defender = The bot remembers only one thing: that you answered “Yes” to one of these questions. Your answers themselves are erased. /forget erases this too.
rf-summary-erased = Your answers are erased: nothing from these questions is kept.

## In the case summary (the defenders' language; the person sees it in the preview)
rf-case-note = ⚠️ Answered “yes” to at least one question on signs of serious danger (/danger). Not a validated risk assessment.

## In /mydata (what the bot keeps)
rf-mydata-mark = ⚠️ That you answered “Yes” to a question on signs of serious danger (/danger): a request to a social defender will be marked urgent
rf-mydata-answers = ⚠️ Signs of serious danger: { $count } answers, kept until the end of the questions
