# A message typed where no answer is expected (bot/routers/fallback.py, bot/ui/typed.py):
# nothing is passed on without a press; the person's screen above stays where it was.
typed-kept = { $count ->
    [one] This message has not been passed on to anyone.
   *[other] These { $count } messages have not been passed on to anyone.
}
typed-where = Your screen above is still where you left it.
typed-offer-case = { $count ->
    [one] Send it to your social defender?
   *[other] Send them to your social defender?
} If you are in danger, open the emergency numbers.
typed-offer-new = A social defender can help: press the button below to make a request. If you are in danger, open the emergency numbers.
typed-offer-none = To talk to a person, press the button below for the helplines. If you are in danger, open the emergency numbers.
typed-command = I do not know this command; /help lists the ones I know.
btn-typed-send = { $count ->
    [one] 📨 Send it to my defender
   *[other] 📨 Send them to my defender
}
typed-sent = { $count ->
    [one] ✉️ Your message went to your social defender (request #{ $case }).
   *[other] ✉️ Your { $count } messages went to your social defender (request #{ $case }).
}
typed-sent-next = What you write now goes to them too; they will answer here. On any other screen I ask you first.
