## Күнделік (/journal): не болғаны туралы жазбалар телефонда емес, боттың серверінде шифрланып сақталады

cmd-journal = Оқиғалар күнделігім
btn-journal = 📓 Күнделік
journal-mydata = 📓 Күнделігіңіз (шифрланған): { $count } жазба

journal-title = 📓 Менің күнделігім
journal-intro = Не болғанын өз қарқыныңызбен жазып отырыңыз: қашан, қай жерде, не істелді, қандай жарақат алдыңыз, кім көрді. Жазбалар осы телефонда емес, боттың серверінде шифрланып сақталады; сіз жазған хабар сақталған бойда чаттан өшіріледі. Әр жазбаның нөмірі, уақыты және тексеру коды болады: кейін олар арқылы жазбаның содан бері өзгермегенін көруге болады. Мұндай жазбаларды әлеуметтік қорғаушы, полиция немесе сот сұрауы мүмкін.
journal-none-yet = Әзірге жазба жоқ.
journal-count = Сақталған жазбалар: { $count }.
journal-btn-new = ➕ Жаңа жазба
journal-btn-continue = ✏️ Сақталмаған жазбаны жалғастыру
journal-btn-list = 📋 Жазбаларым ({ $count })
journal-full = Күнделікте ең көбі { $limit } жазба болады.
journal-full-hint = Жаңасын қосу үшін енді керегі жоқ жазбаны өшіріңіз.

## Жазылып жатқан жазба
journal-new-title = 📝 Жаңа жазба
journal-edit-title = 📝 №{ $number } жазбаны өзгерту
journal-not-saved-yet = «💾 Сақтау» түймесін баспайынша ештеңе сақталмайды. Толтыру не өзгерту үшін төмендегі жолды басыңыз.
journal-entry-empty = Әзірге ештеңе толтырылмаған.
journal-btn-save = 💾 Сақтау
journal-btn-discard = 🗑 Сақтамау
journal-say-something = ⚠️ Сақтамас бұрын «қашан» дегеннен басқа кемінде бір жолды толтырыңыз.
journal-discarded = Сақталмаған жазба өшірілді.
journal-step = Қадам: { $step } / { $total }. Кез келген қадамды өткізіп жіберуге болады.
journal-now-holds = Қазір: { $value }
journal-btn-clear = ✖️ Бұл жолды тазарту
journal-btn-skip = ⏭ Өткізіп жіберу
journal-btn-to-draft = 📄 Бүкіл жазба

## Жазбаның жолдары: жазбадағы атауы, түйме, сұрақ
journal-field-when = Қашан:
journal-field-place = Қай жерде:
journal-field-what = Не болды:
journal-field-injuries = Жарақаттар:
journal-field-witnesses = Куәгерлер:
journal-field-police = Полиция:
journal-btn-when = Қашан
journal-btn-place = Қай жерде
journal-btn-what = Не болды
journal-btn-injuries = Жарақаттар
journal-btn-witnesses = Куәгерлер
journal-btn-police = Полиция
journal-q-when = Бұл қашан болды?
journal-q-part = { $day }: тәуліктің қай кезінде?
journal-q-date = Бұл қай күні болды?
journal-q-place = Бұл қай жерде болды?
journal-q-what = Не болды?
journal-q-injuries = Сіз немесе басқа біреу зардап шекті ме?
journal-q-witnesses = Мұны біреу көрді ме, естіді ме?
journal-q-police = Полиция шақырылды ма?
journal-ask-what = Өз сөзіңізбен жазыңыз: кім не істеді, не айтты, немен қорқытты. { $limit } таңбаға дейін. Хабарыңыз сақталған бойда чаттан өшіріледі.
journal-ask-injuries = Қандай жарақат болғанын, дененің қай жерінде екенін, дәрігерге қаралғаныңызды жазыңыз. { $limit } таңбаға дейін. Хабарыңыз сақталған бойда чаттан өшіріледі.
journal-ask-witnesses = Кім көргенін не естігенін (атын немесе, мысалы, «көрші әйел») және білсеңіз, олармен қалай хабарласуға болатынын жазыңыз. { $limit } таңбаға дейін. Хабарыңыз сақталған бойда чаттан өшіріледі.
journal-ask-date = Күнін жазыңыз, мысалы 14.03.2026 (биыл болса, 14.03 деп жазсаңыз болады). Хабарыңыз оқылған бойда чаттан өшіріледі.

## Түймемен таңдалатын жауаптар
journal-when-now = 🕒 Жаңа ғана
journal-when-today = Бүгін
journal-when-yesterday = Кеше
journal-when-other-day = 📅 Басқа күні
journal-when-at = { $day }, { $time }
journal-when-part = { $day }, { $part }
journal-when-day = { $day }
journal-part-morning = таңертең
journal-part-daytime = күндіз
journal-part-evening = кешке
journal-part-night = түнде
journal-part-unknown = Есімде жоқ
journal-place-home = Үйде
journal-place-relatives = Басқа біреудің үйінде
journal-place-outside = Көшеде, көлікте
journal-place-work = Жұмыста не оқуда
journal-place-online = Телефонмен не интернетте
journal-place-other = Басқа жерде
journal-police-called = Иә, шақырылды
journal-police-not-called = Жоқ

## Қабылданбаған жауаптар
journal-problem-empty = ⚠️ Бұл жерде жауапты сөзбен жазу керек. Жазыңыз немесе қадамды өткізіп жіберіңіз.
journal-problem-long = ⚠️ Бұл { $limit } таңбадан ұзын. Қысқартып жазыңызшы.
journal-problem-date = ⚠️ Күнді оқи алмадым. Былай жазыңыз: 14.03.2026.
journal-problem-future = ⚠️ Бұл күн әлі келген жоқ. Оқиға болған күнді жазыңыз.
journal-problem-past = ⚠️ Бұл тым ерте күн. Жылын тексеріп көріңізші.
journal-not-deleted = ⚠️ Хабарыңызды чаттан өшіру мүмкін болмады. Оны өзіңіз өшіріп тастаңызшы.

## Сақталған жазбалар
journal-receipt = ✅ №{ $number } жазба сақталды: { $time } (Алматы уақыты). Тексеру коды: { $fingerprint }…
journal-receipt-edited = ✅ №{ $number } жазба өзгертіліп, қайта сақталды: { $time } (Алматы уақыты). Жаңа тексеру коды: { $fingerprint }…
journal-receipt-hint = Жазба бұл телефонда жоқ: оны осы жерден, «Жазбаларым» бөлімінен аша аласыз. Толық тексеру коды жазбамен бірге көрсетіледі; ол жазбаның сақталғаннан бері өзгермегенін көрсетеді.
journal-btn-open = 📄 №{ $number } жазбаны ашу
journal-btn-back = ◀ Күнделік
journal-list-title = 📋 Жазбаларым: { $count }
journal-list-page = Бет: { $page } / { $pages }
journal-list-hint = Алдымен жаңалары. Түймелерде тек нөмірі, күні және орны көрсетіледі.
journal-btn-newer = ◀ Жаңарақ
journal-btn-older = Ескірек ▶
journal-entry-title = 📓 №{ $number } жазба
journal-stored-on = Сақталды: { $time } (Алматы уақыты)
journal-fingerprint = Тексеру коды (SHA-256): <code>{ $fingerprint }</code>
journal-btn-edit = ✏️ Өзгерту
journal-btn-delete = 🗑 Өшіру
journal-btn-list-back = ◀ Жазбаларым
journal-delete-confirm = ⚠️ Бұл жазбаны өшіресіз бе? Оны қайтару мүмкін болмайды.
journal-btn-delete-yes = 🗑 Иә, өшірілсін
journal-btn-delete-no = ◀ Жоқ, қалсын
journal-deleted = Жазба өшірілді.
