## Safe contact (issue #23): what the person sees
# The first line of every message the person did not just ask for: it is what a lock screen
# shows, so it says nothing about why.
contact-head = 💬 Жаңа хабарлама
btn-contact-not-now = 🔕 Қазір емес
contact-not-now-done = Кідіртілді. Қауіпсіз деп айтқаныңызша ештеңе келмейді (/start жіберіңіз).
contact-paused =
    Қош келдіңіз. Өткен жолы шыққаныңыздан бері сізге арналған хабарламалар кідіртілді. Күтіп тұрғаны: { $count }.
    Оларды қазір көрсетуге қауіпсіз бе?
btn-contact-safe = ✅ Қауіпсіз, көрсетіңіз
btn-contact-drop = 🗑 Оқымай өшіру
contact-resumed = Жақсы. Хабарламалар қазір келеді ({ $sound }). Кез келгенінің астындағы 🔕 «Қазір емес» батырмасы байланысты қайта кідіртеді.
contact-dropped = Оқылмай өшірілді: { $count }. Қорғаушыға хабарланды.
contact-settings =
    <b>Қорғаушыдан келетін хабарламалар</b>
    Дыбысты қоспасаңыз, олар дыбыссыз келеді. Оларды алу қауіпсіз сағаттарды да таңдай аласыз: басқа уақытта хабарламалар күтіп тұрады.
    Қазір: { $sound }, { $hours }.
contact-sound-on = дыбыспен
contact-sound-off = дыбыссыз
contact-any-time = кез келген уақытта
btn-contact-sound-on = 🔔 Дыбысты қосу
btn-contact-sound-off = 🔕 Дыбыссыз
btn-contact-any-time = Кез келген уақытта
btn-contact-settings = 🔔 Хабарламалар мен уақыт
mydata-erase-group = Өшіргенде әлеуметтік қорғаушылар тобындағы өтініштеріңіздің тақырыптары да ішіндегі барлық хабарламамен бірге жойылады; олардың есебінде тек өтініш нөмірі, кім жүргізгені және неше күн ашық болғаны қалады.
cmd-contact = Хабарламалар мен қауіпсіз уақыт

## Safe contact: what the defenders see in the case's topic
case-contact-paused-exit = ⏸ Адам чаттан тез шығып кетті: оған қауіпті болуы мүмкін. Ол қайта жазғанша жазбаңыз. Осы уақытта жазылған жауаптар жіберілмей, ұсталып тұрады.
case-contact-paused-not-now = ⏸ Адам «Қазір емес» батырмасын басты: қазір ыңғайлы сәт емес. Ол қауіпсіз деп айтқанша жауаптар ұсталып тұрады.
case-contact-held = ⏸ Ұсталды: адам байланысты кідіртті. Жауабыңыз ол қауіпсіз деп айтқанда жеткізіледі немесе ол солай шешсе, өшіріледі.
case-contact-resumed = ▶️ Адам енді қауіпсіз екенін айтты. Ұсталған жауаптар жеткізілуде: { $count }.
case-contact-dropped = 🗑 Адам ұсталған жауаптарды алмауды шешті ({ $count }): олар жіберілмей өшірілді.
case-contact-later = 🕘 Адам хабарлама алу қауіпсіз сағаттарды таңдады: жауабыңыз сол уақытқа дейін күтеді.
case-record-erased = 🗑 №{ $case } өтініш адамның сұрауымен өшірілді: { $taken }, { $days } күн ашық болды.
case-record-expired = 🗑 №{ $case } өтініш өшірілді: { $keep } күннен бұрын жабылған; { $taken }, { $days } күн ашық болды.
case-record-taken = жүргізген: { $name }
case-record-untaken = ешкім қолға алмаған
