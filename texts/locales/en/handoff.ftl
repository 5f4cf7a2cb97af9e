## The case summary (defenders' topic, and the person's preview)

case-urgent = 🚨 URGENT: the person may be in danger now
case-title = Case #{ $case }
case-title-draft = Your request (this is exactly what a defender will see)
case-language = Language:
case-region = Region:
case-danger = In danger now:
case-children = Children involved:
case-contact = Contact:
case-contact-bot = only here, in the bot
case-contact-phone = by phone:
case-yes = yes
case-no = no
case-assessment = Pre-assessment (indicative):
case-recognised = At least one block reaches the threshold: grounds for recognising cruel treatment.
case-not-recognised = No block reaches the threshold.
case-recognised-child = The answer about a child under 14 reaches the threshold on its own: the grounds concern the child.
case-no-assessment = The pre-assessment was not done.
case-unsure-count = "Not sure" on { $count } { $count ->
        [one] question
       *[other] questions
    }
case-kinds = Kinds of violence (the manual, Appendix 3):
case-description = In the person's own words:
case-no-description = (nothing written)

## Regions: the 17 regions and 3 cities of national significance

region-astana = Astana (city)
region-almaty-city = Almaty (city)
region-shymkent = Shymkent (city)
region-abai = Abai Region
region-akmola = Akmola Region
region-aktobe = Aktobe Region
region-almaty = Almaty Region
region-atyrau = Atyrau Region
region-east-kazakhstan = East Kazakhstan Region
region-zhambyl = Zhambyl Region
region-zhetysu = Zhetysu Region
region-west-kazakhstan = West Kazakhstan Region
region-karaganda = Karaganda Region
region-kostanay = Kostanay Region
region-kyzylorda = Kyzylorda Region
region-mangystau = Mangystau Region
region-pavlodar = Pavlodar Region
region-north-kazakhstan = North Kazakhstan Region
region-turkistan = Turkistan Region
region-ulytau = Ulytau Region

## Intake: the person asks for a social defender (questions, preview, confirmation, own case)

btn-defender = 🤝 Write to a social defender
talk-defender-offer = You can also write to a social defender through this bot: a specialist who helps people who suffer violence at home to deal with the police, social services, doctors and the courts. Press the button below.
case-intake-progress = Request to a social defender · question { $number } of { $total }
case-intake-intro = A social defender helps people who suffer violence at home: they explain what can be done, and help you deal with the police, social services, doctors and the courts. Answer a few short questions. Nothing is sent until you have seen your request and pressed “Send”.
case-intake-region =
    <b>Where do you live?</b>
    Choose your city or region, so the defender knows which services are near you.
case-intake-children =
    <b>Are children involved?</b>
    For example: children live with you, saw the violence, or were hurt.
case-intake-danger = <b>Are you in danger right now?</b>
case-intake-danger-note = 🆘 <b>If you are in danger, call 112 or the police on 102 now.</b> A defender writes to you here and cannot come to you at once.
case-intake-contact =
    <b>How should the defender contact you?</b>
    The safest way is here in the bot: nobody sees your number. If a phone call suits you better, choose the phone; only the defenders will see the number.
btn-contact-bot = 💬 Only here in the bot
btn-contact-phone = 📞 By phone
case-intake-phone =
    <b>Your phone number</b>
    Type the number the defender may call, for example +7 701 234 56 78. Or press “📱 Share my number” at the bottom of the screen to send the number of this Telegram account.
    Give a number only if it is safe for you to answer calls on it.
case-intake-phone-button = ⬇️ The button below sends the number of this Telegram account.
btn-share-phone = 📱 Share my number
case-intake-phone-invalid = That does not look like a phone number. Please type it with the country code, for example +7 701 234 56 78, or press “Back”.
case-intake-phone-not-own = From a shared contact I can only take your own number. Press “📱 Share my number”, or type the number.
case-intake-phone-saved = ✅ Number saved: { $phone }
case-intake-phone-closed = ⌨️ The number button is hidden.
case-intake-description =
    <b>In your own words (optional)</b>
    What is happening, and what help do you need? Write one message, short or long, as you like. Or press “Skip”.
    The defender will read exactly what you write.
btn-intake-skip = Skip ▶
btn-intake-cancel = ✖ Cancel
case-intake-reprompt-buttons = Please answer with the buttons under the question. If you need help urgently, press 🆘.
case-intake-reprompt-text = Here I can only take a written message. Please type it, or use the buttons under the question.
case-intake-preview-note = Nothing has been sent yet. Check your request above: “✅ Send to a defender” sends it, “✏️ Change” corrects something, “✖ Cancel” sends nothing.
btn-intake-send = ✅ Send to a defender
btn-intake-change = ✏️ Change
case-intake-change = <b>What would you like to change?</b>
btn-change-region = Region
btn-change-children = Children
btn-change-danger = Danger now
btn-change-contact = Contact
btn-change-description = In your own words
case-intake-cancelled = Cancelled. Nothing was sent. Here is the menu:
case-intake-sent =
    <b>✅ Your request #{ $case } has been sent.</b>

    <b>What happens next</b>
    • A social defender will write to you here, in this chat, usually during working hours.
    • What you write right after this goes to your defender (on other screens I ask you first). Your name and your Telegram account are not shown to them.
    • To stop: open the menu and press “{ btn-talk }”, “{ btn-defender }”, then “Close my request”; or erase everything with /forget.

    <b>If you are in danger, do not wait:</b>
    📞 <b>112</b> — emergency services
    📞 <b>102</b> — police
    📞 <b>111</b> — help for families, women and children, 24/7
case-mine =
    <b>Your request #{ $case } is open.</b>
    Whatever you write here goes to your social defender; their answers come here.
    If you are in danger, call 112 or 102.
btn-case-close = Close my request
case-mine-close-confirm =
    <b>Close request #{ $case }?</b>
    The defenders will only be told that you closed it. After that, what you write here no longer goes to a defender.
btn-case-close-yes = Yes, close it
btn-case-keep = No, keep it open
case-mine-closed = Your request #{ $case } is closed. If you need help again, open the menu and press “{ btn-talk }”, then “{ btn-defender }”.
case-blocked-intake =
    <b>You cannot send a request to a social defender through this bot now.</b>
    We are sorry. If you need help:
    📞 <b>112</b> — emergency services
    📞 <b>102</b> — police
    📞 <b>111</b> — help for families, women and children, free, 24/7
    All the numbers are under the 🆘 button.

## Organisations (issue #27): who reads the request
case-intake-org = 🏢 Your request will be read by: <b>{ $name }</b>
btn-intake-org = 🏢 Choose another organisation
case-intake-org-choose =
    <b>Which organisation should get your request?</b>
    These organisations work in your region. Choose one:
case-intake-no-org =
    No organisation takes requests through this bot in your region ({ $region }) yet. Nothing was sent.

    These lines help at any hour:
    📞 <b>111</b> — help for families, women and children, free
    📞 <b>112</b> — emergency services
    📞 <b>102</b> — police
case-intake-sent-org = 🏢 Your request went to: <b>{ $name }</b>
case-intake-org-contacts = Contacts: { $contacts }
