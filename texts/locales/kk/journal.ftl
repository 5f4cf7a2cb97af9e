## Күнделік (/journal): не болғаны туралы жазбалар телефонда емес, боттың серверінде шифрланып сақталады

cmd-journal = Оқиғалар күнделігім
btn-journal = 📓 Күнделік
journal-mydata = 📓 Күнделігіңіз (шифрланған): { $count } жазба

journal-title = 📓 Менің күнделігім
journal-intro = Не болғанын өз қарқыныңызбен жазып отырыңыз: қашан, қай жерде, не істелді, қандай жарақаттар болды, кім көрді. Жазбалар осы телефонда емес, боттың серверінде шифрланып сақталады; сіз жазған хабарлама сақталған бойда чаттан өшіріледі. Әр жазбаға нөмір, уақыт және тексеру коды беріледі: олар кейін жазбаның сақталғаннан бері өзгертілмегенін көрсетеді. Мұндай жазбаларды әлеуметтік қорғаушы, полиция немесе сот сұрауы мүмкін.
journal-none-yet = Әзірге жазба жоқ.
journal-count = Сақталған жазбалар: { $count }.
journal-btn-new = ➕ Жаңа жазба
journal-btn-continue = ✏️ Жазбаны жалғастыру
journal-btn-list = 📋 Жазбаларым ({ $count })
journal-full = Күнделікке ең көбі { $limit } жазба сыяды.
journal-full-hint = Жаңасын қосу үшін енді керегі жоқ жазбаны өшіріңіз.

## Жазылып жатқан жазба
journal-new-title = 📝 Жаңа жазба
journal-edit-title = 📝 №{ $number } жазбаны өзгерту
journal-not-saved-yet = «💾 Сақтау» түймесін баспайынша ештеңе сақталмайды. Толтыру не өзгерту үшін төмендегі жолдардың бірін басыңыз.
journal-entry-empty = Әзірге ештеңе толтырылмаған.
journal-btn-save = 💾 Сақтау
journal-btn-discard = 🗑 Сақтамау
journal-say-something = ⚠️ Сақтамас бұрын «қашан» дегеннен басқа кемінде бір жолды толтырыңыз.
journal-discarded = Сақталмаған жазба өшірілді.
journal-step = Қадам: { $step } / { $total }. Кез келген қадамды өткізіп жіберуге болады.
journal-now-holds = Қазіргі жауап: { $value }
journal-btn-clear = ✖️ Бұл жолды тазарту
journal-btn-skip = ⏭ Өткізіп жіберу
journal-btn-to-draft = 📄 Бүкіл жазба

## Жазбаның жолдары: жазбадағы атауы, түйме, сұрақ
journal-field-when = Қашан:
journal-field-place = Қай жерде:
journal-field-what = Не болды:
journal-field-injuries = Дене жарақаттары:
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
journal-q-injuries = Сіз немесе басқа біреу жарақат алды ма?
journal-q-witnesses = Мұны біреу көрді ме, естіді ме?
journal-q-police = Полиция шақырылды ма?
journal-ask-what = Өз сөзіңізбен жазыңыз: кім не істеді, не айтты, немен қорқытты. { $limit } таңбаға дейін. Хабарламаңыз сақталған бойда чаттан өшіріледі.
journal-ask-injuries = Қандай жарақат болғанын, дененің қай жерінде екенін және дәрігерге қаралған-қаралмағаныңызды жазыңыз. { $limit } таңбаға дейін. Хабарламаңыз сақталған бойда чаттан өшіріледі.
journal-ask-witnesses = Кім көргенін не естігенін (атын немесе, мысалы, «көрші әйел») және білсеңіз, олармен қалай хабарласуға болатынын жазыңыз. { $limit } таңбаға дейін. Хабарламаңыз сақталған бойда чаттан өшіріледі.
journal-ask-date = Күнін жазыңыз, мысалы 14.03.2026 (биыл болса, 14.03 деп жазсаңыз болады). Хабарламаңыз оқылған бойда чаттан өшіріледі.

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
journal-problem-empty = ⚠️ Бұл қадамда жауапты мәтінмен жазу керек. Жауабыңызды жазыңыз немесе қадамды өткізіп жіберіңіз.
journal-problem-long = ⚠️ Бұл { $limit } таңбадан ұзын. Қысқартып жазыңызшы.
journal-problem-date = ⚠️ Бұл күнді түсіне алмадым. Былай жазып көріңіз: 14.03.2026.
journal-problem-future = ⚠️ Бұл күн әлі келген жоқ. Оқиға болған күнді жазыңыз.
journal-problem-past = ⚠️ Бұл тым ерте күн. Жылын тексеріп көріңізші.
journal-not-deleted = ⚠️ Хабарламаңызды чаттан өшіру мүмкін болмады. Оны өзіңіз өшіріп тастаңызшы.

## Сақталған жазбалар
journal-receipt = ✅ №{ $number } жазба сақталды: { $time } (Алматы уақыты). Тексеру коды: { $fingerprint }…
journal-receipt-edited = ✅ №{ $number } жазба өзгертіліп, қайта сақталды: { $time } (Алматы уақыты). Жаңа тексеру коды: { $fingerprint }…
journal-receipt-hint = Жазба бұл телефонда сақталмайды: оны осы жерден, «Жазбаларым» бөлімінен аша аласыз. Толық тексеру коды жазбамен бірге көрсетіледі; ол жазбаның сақталғаннан бері өзгертілмегенін растайды.
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
journal-btn-delete-yes = 🗑 Иә, өшіру
journal-btn-delete-no = ◀ Жоқ, қалсын
journal-deleted = Жазба өшірілді.

## Файлдар: фото, дауыстық хабарламалар, бейне, құжаттар
journal-mydata-files = 📎 Күнделігіңізге тіркелген файлдар (шифрланған): { $count }
journal-field-media = Файлдар:
journal-btn-media = Фото мен файлдар
journal-q-media = Сізде фото, дауыстық хабарлама, бейне немесе құжат бар ма?
journal-ask-media = Оларды осында бір-бірлеп немесе бірнешеуін бірге жіберіңіз: жарақаттың не бүлінген заттың фотосы, дауыстық хабарламалар, бейне, хабарламалардың скриншоты, дәрігердің анықтамасы. Әр файл шифрланып сақталады және чаттан өшіріледі. Бір файл { $size } МБ-қа дейін.
journal-files-space = Пайдаланылғаны: { $total } МБ-тың { $used } МБ-ы.
journal-files-count = { $count } файл
journal-btn-files-done = ✅ Файлдар қосылды
journal-kind-photo = Фото
journal-kind-video = Бейне
journal-kind-voice = Дауыстық хабарлама
journal-kind-video-note = Бейнехабарлама
journal-kind-audio = Аудио
journal-kind-document = Құжат
journal-kind-animation = Анимация
journal-problem-not-media = ⚠️ Бұл жерде бот фото, дауыстық хабарлама, бейне және құжат қабылдайды. Файл жіберіңіз немесе «✅ Файлдар қосылды» түймесін басыңыз.
journal-problem-file-big = ⚠️ Бұл файл { $limit } МБ-тан үлкен, бот одан үлкенін қабылдай алмайды.
journal-problem-files-full = ⚠️ Орын қалмады: күнделікке барлығы { $limit } МБ-қа дейін файл және бір жазбаға 30 файлға дейін сыяды.
journal-file-left = Файл чатта қалды: бұл телефонды басқа біреу көруі мүмкін болса, оны өзіңіз өшіріп тастаңыз.
journal-receipt-files = 📎 Тіркелген файлдар: { $count }. Әр файл сақталғанда оның өз тексеру коды болады: оларды жазбадан көре аласыз.
journal-file-stored = { $time } сақталды, тексеру коды { $fingerprint }…
journal-file-pending = сақталып жатыр…
journal-file-failed = сақтау мүмкін болмады (Telegram файлды бермеді)
journal-btn-files-send = 📎 Файлдарды көрсету ({ $count })
journal-files-sent = 📎 Файлдар жоғарыда ({ $count }). Оларды өзіңіз өшірмейінше, олар осы чатта қалады; «Тез шығу» да оларды өшіреді.
journal-files-more =    … тағы { $count } файл
journal-file-line =    { $index }. { $kind } · { $size } МБ · { $state }

## Күнделіктің PIN-коды: күнделікті, қауіпсіздік жоспарын және «Бот сіз туралы не сақтайды» бөлімін қорғайды
pin-on = 🔒 PIN-код күнделікті, қауіпсіздік жоспарын және мұндағы деректеріңізді қорғайды.
pin-off = 🔓 PIN-код жоқ: бұл телефон қолына түскен кез келген адам күнделікті аша алады. PIN-код қоюыңызға болады.
pin-btn-set = 🔒 PIN-код қою
pin-btn-remove = 🔓 PIN-кодты алып тастау
pin-enter = 🔒 PIN-кодыңызды енгізіңіз
pin-new = 🔒 PIN-код ойлап табыңыз
pin-new-hint = { $low }-{ $high } цифр. Басқалар таба алмайтын кодты таңдаңыз; ұмытып қалсаңыз, оны қалпына келтіру мүмкін емес.
pin-again = 🔒 Сол PIN-кодты тағы бір рет енгізіңіз
pin-short = PIN-кодта кемінде { $low } цифр болуы керек.
pin-mismatch = ⚠️ Екі PIN-код сәйкес келмеді. PIN-кодты қайта ойлап табыңыз.
pin-wrong = ⚠️ PIN-код қате. Қалған әрекет саны: { $left }.
pin-locked = ⏳ Қате әрекет тым көп болды: PIN-кодты { $time } кейін қайта енгізуге болады.
pin-btn-forgot = PIN-кодты ұмытып қалдым
pin-set = 🔒 PIN-код қойылды. Енді күнделік, қауіпсіздік жоспары немесе деректеріңіз ашылмас бұрын ол сұралады; «Тез шығу» оларды қайта жабады.
pin-opened = 🔓 Ашық. Ешнәрсе баспаған соң 10 минуттан кейін немесе «Тез шығу» басылғанда жабылады.
pin-btn-continue = ▶️ Жалғастыру
pin-remove-confirm = PIN-кодты алып тастайсыз ба? Сонда бұл телефон қолына түскен кез келген адам күнделікті, қауіпсіздік жоспарын және деректеріңізді аша алады.
pin-btn-remove-yes = 🔓 Иә, алып тастау
pin-removed = 🔓 PIN-код алып тасталды.
pin-forgot = Ұмытылған PIN-кодты қалпына келтіру мүмкін емес: оны боттың командасы да оқи алмайды. Әрі қарай жалғастырудың жалғыз жолы — күнделікті PIN-кодымен бірге өшіру (қауіпсіздік жоспарыңыз бен өтініштеріңіз сақталады). Күнделікті өшіресіз бе?
pin-btn-erase = 🗑 Күнделік пен PIN-кодты өшіру
pin-btn-try-again = ◀ PIN-кодты қайта енгізу
pin-erased = 🗑 Күнделік пен PIN-код өшірілді.

## Жазбаларды әлеуметтік қорғаушымен бөлісу (тек адамның өзі басқанда)
journal-btn-share = 📤 Қорғаушымен бөлісу
journal-share-title = 📤 Әлеуметтік қорғаушымен бөлісу
journal-share-hint = Ашық өтінішіңіз бойынша әлеуметтік қорғаушыға жіберілетін жазбаларды таңдаңыз. Оны көріп, «Жіберу» түймесін баспайынша ештеңе жіберілмейді. Қорғаушылар жазбалар мен файлдарды көреді, бірақ Telegram-дағы атыңыз бен аккаунтыңызды көрмейді.
journal-share-chosen = Таңдалғаны: { $count }
journal-btn-share-preview = 👁 Не жіберіледі ({ $count })
journal-share-preview = Қорғаушыңыз мынаны алады, алдымен бір хабарлама ретінде:
journal-share-then = Одан кейін әр жазба ашқанда көретініңіздей толық, файлдарымен бірге ({ $count }).
journal-btn-share-send = 📤 Қорғаушыға жіберу
journal-btn-share-change = ✏️ Таңдауды өзгерту
journal-share-sent = 📤 Әлеуметтік қорғаушыңызға жіберілді (№{ $case } өтініш): { $count } жазба, { $files } файл. Олар күнделігіңізде де өзгеріссіз қалды.
journal-share-no-case = Жазбалармен бөлісу үшін әлеуметтік қорғаушыға ашық өтініш керек. Оны қазір жаза аласыз; жазбалар бөліскенше күнделігіңізде қалады.
journal-btn-to-defender = ✉️ Әлеуметтік қорғаушыға жазу
journal-share-too-many = Бір жолы { $limit } жазбадан артық емес.
journal-share-head = 📓 Адам бөліскен күнделік жазбалары: { $count }
journal-share-head-note = Оларды адамның өзі таңдап жіберді. Әр жазбаның тексеру коды (SHA-256) оның сақталғаннан кейін өзгертілмегенін көрсетеді; әр файлдың өз коды бар.
journal-share-line = №{ $number } · { $what } · 📎 { $files } · { $fingerprint }…
journal-share-no-date = күні жоқ
journal-share-file = №{ $number }, { $index }-файл: { $kind }. SHA-256: { $fingerprint }
journal-share-no-digest = әлі сақталмаған
