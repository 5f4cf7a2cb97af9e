## /mydata: what the bot keeps about a person

cmd-mydata = What the bot keeps about me
btn-mydata = 📋 What the bot keeps about me
mydata-title = What the bot keeps about you
mydata-nothing = 📭 Nothing: no language choice, no answers, no requests, no news subscription.
mydata-language = 🌐 The language you chose: { $language }
mydata-language-none = 🌐 Language: not chosen (the bot follows your Telegram app)
mydata-news-none = 📰 Legal news: not subscribed
mydata-news-silent = 📰 Legal news: subscribed, in { $language }, without sound
mydata-news-loud = 📰 Legal news: subscribed, in { $language }, with sound
mydata-news-inactive = 📰 Legal news: stopped (the bot could not reach you); only your chat and the language ({ $language }) are kept
mydata-dialog-none = 📝 Unfinished answers: none
mydata-dialog-assessment = 📝 The check (pre-assessment) is under way
mydata-dialog-assessment-done = 📝 The result of your check, kept until you start it again or erase it
mydata-dialog-intake = 📝 A request to a social defender is being filled in (not sent)
mydata-dialog-other = 📝 A step is under way
mydata-assessment-answers = { $count ->
    [one] the check: 1 answer
   *[other] the check: { $count } answers
}
mydata-intake-answers = { $count ->
    [one] the request: 1 answer
   *[other] the request: { $count } answers
}
mydata-cases = 🤝 Your requests to a social defender:
mydata-cases-none = 🤝 Requests to a social defender: none
mydata-case = #{ $case }, opened { $time }: { $state }
mydata-case-new = waiting for a defender
mydata-case-taken = a defender is working on it
mydata-case-closed = closed
mydata-case-blocked = messages are not received now
mydata-cases-more = { $count ->
    [one] and 1 older request
   *[other] and { $count } older requests
}
mydata-relay-links = 🔗 { $count ->
    [one] 1 link
   *[other] { $count } links
} between your messages and their copies for the defenders (message numbers only, no contents)
mydata-message-ids = 🕑 { $count ->
    [one] The number of 1 message
   *[other] The numbers of { $count } messages
} in this chat, so the quick exit can delete them. Each is kept { $hours } hours: after that Telegram no longer lets the bot delete a message.
mydata-summary = Your open request #{ $case }, exactly as the defenders see it:
mydata-summary-shortened = Your own words are shortened here; the defenders have them in full.
mydata-not-stored =
    <b>What the bot does not keep</b>
    • the messages between you and the defenders: they are passed on, not kept (a reply waiting to be delivered is held encrypted only until it goes);
    • your name, username or Telegram profile.
mydata-erase = To erase all of this, press “🗑 Erase my data” or send /forget.
