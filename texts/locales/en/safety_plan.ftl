## The safety plan (/plan): built at one's own pace, for staying and for leaving

cmd-plan = My safety plan
btn-plan = 🛡 Safety plan
mydata-plan = 🛡 Your safety plan (encrypted), last changed on { $time }

plan-title = 🛡 My safety plan
plan-intro = A plan for a moment of danger. Build it at your own pace: fill in any part, whenever you like. Each part is saved at once, encrypted, and you can change or delete it at any time.
plan-none-yet = Nothing is saved yet.
plan-saved-on = Last changed: { $time }
plan-part-stay = If I stay
plan-part-leave = If I leave

## The sections
plan-contacts = People I can call
plan-contacts-about = Up to three people you trust who could come, or call the police, if you ask them: a relative, a friend, a neighbour. If you can, agree with them beforehand what to do when you call.
plan-contacts-none = No one yet.
plan-code-word = Code word
plan-code-word-about = A word or a short phrase that tells your family, friends or neighbours: "call the police (102 or 112)". Choose something that sounds ordinary in a conversation, and agree on it with them beforehand.
plan-violence = If violence starts
plan-violence-about = What can help keep you and your children safer. Tick what you will do: nobody knows your situation better than you.
plan-ready = What I keep ready
plan-ready-about = What to take with you if you have to leave quickly. The documents are the ones the social defender's manual names: without them it is harder to turn to the police, the court or social services. If you can, keep copies with someone you trust, or somewhere away from home.
plan-place = Where I can go
plan-place-about = Where you could go if you have to leave, even at night: to relatives, to friends, to a crisis centre.
plan-place-hint = 📞 You can also call 111 (day and night, free) and ask where to get help near you.
plan-yours = Yours:
plan-not-set = Not written yet.
plan-ticked = Ticked: { $count } of { $total }

## What to keep ready: a short label for the button, and the line in full
plan-item-id = 🪪 ID card
plan-item-id-more = Identity document (ID card or passport)
plan-item-birth = 👶 Birth certificates
plan-item-birth-more = The children's birth certificates
plan-item-marriage = 💍 Marriage certificate
plan-item-marriage-more = Marriage certificate
plan-item-address = 🏠 Address certificate
plan-item-address-more = Address certificate (proof of where you are registered)
plan-item-income = 💼 Income papers
plan-item-income-more = Documents on your income (salary)
plan-item-property = 📜 Property papers
plan-item-property-more = Documents of ownership (home, car, other property)
plan-item-medical = 🩺 Medical papers
plan-item-medical-more = Medical documents: the doctor's findings about injuries
plan-item-evidence = 📎 Evidence
plan-item-evidence-more = Evidence (photos, messages) and how to reach witnesses
plan-item-money = 💵 Money
plan-item-money-more = Some cash and a bank card
plan-item-keys = 🔑 Keys
plan-item-keys-more = Spare keys (to the home, the car)
plan-item-medicines = 💊 Medicines
plan-item-medicines-more = Medicines you and the children need
plan-item-charger = 🔌 Charger
plan-item-charger-more = A phone charger

## If violence starts
plan-item-rooms = 🚪 Away from the kitchen
plan-item-rooms-more = I stay away from the kitchen, the bathroom and rooms with weapons or heavy things, and go to a room I can get out of.
plan-item-phone = 🔋 Phone charged
plan-item-phone-more = I keep my phone charged and within reach.
plan-item-exit = 🏃 The way out
plan-item-exit-more = I know how to get out of the home (doors, windows, stairs) and keep the way clear.
plan-item-children = 👧 Children know 112
plan-item-children-more = The children know how to call 112 and where to run (to neighbours, for example).
plan-item-neighbour = 🏘 Neighbours call 102
plan-item-neighbour-more = I have asked a neighbour to call 102 if they hear shouting or noise.
plan-item-doctor = 🩺 A doctor afterwards
plan-item-doctor-more = Afterwards I see a doctor, even if nothing shows: a record of injuries helps later.

## Buttons
plan-btn-show = 📄 Show my plan
plan-btn-delete = 🗑 Delete the plan
plan-btn-remove = ✖ Remove:
plan-btn-add = ➕ Add a person
plan-btn-write = ✏️ Write
plan-btn-change = ✏️ Change
plan-btn-clear = 🗑 Remove
plan-btn-directory = 📍 Where to get help
plan-btn-back = ◀ My plan
plan-btn-cancel = ✖ Cancel
plan-btn-delete-yes = Yes, delete the plan
plan-btn-delete-no = No, keep it

## Typed answers
plan-ask-contacts = Write the name (or a nickname) and the phone number in one message, for example:
    <code>Aigul +7 701 234 56 78</code>
plan-ask-code-word = Write your code word or a short phrase, up to { $count } characters.
plan-ask-place = Write where you could go, up to { $count } characters. For example: "to my sister in Taraz" or "to the crisis centre".
plan-ask-deleted = I will save it and delete your message from this chat right away.
plan-problem-empty = There is nothing to save. Please write a few words.
plan-problem-too-long = That is longer than { $count } characters. Please write it a little shorter.
plan-problem-no-phone = No phone number was found. Write the name and the number, for example: Aigul +7 701 234 56 78.
plan-problem-no-name = Please add a name or a nickname, so you know whose number it is.
plan-problem-name-too-long = The name is too long: up to { $count } characters, please.
plan-problem-full = Your plan already has { $count } people, as many as it holds. Remove someone to add another person.
plan-problem-not-text = Please write it as text.
plan-not-deleted = Your message could not be deleted: please delete it yourself (press and hold it, then Delete).
plan-saved = ✅ Saved.
plan-saved-deleted = ✅ Saved, and your message is deleted from the chat.
plan-cleared = Removed from your plan.
plan-removed = Removed.
plan-deleted = Your plan has been deleted.

## The whole plan, and deleting it
plan-show-title = 🛡 My safety plan
plan-show-warning = Anyone who has this phone in their hands can read this screen. 🚪 Quick exit clears the chat.
plan-show-empty = Your plan is empty for now. Fill in any part from the plan's screen.
plan-not-filled = not filled in
plan-delete-confirm =
    <b>Delete your safety plan?</b>
    Everything in it will be erased and cannot be brought back. You can build a new plan at any time.
