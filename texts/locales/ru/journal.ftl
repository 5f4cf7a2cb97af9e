## Дневник (/journal): записи о том, что произошло, хранятся зашифрованными на сервере бота, а не в телефоне

cmd-journal = Мой дневник происшествий
btn-journal = 📓 Дневник
journal-mydata = 📓 Ваш дневник (зашифрован): { $count ->
    [one] { $count } запись
    [few] { $count } записи
   *[other] { $count } записей
}

journal-title = 📓 Мой дневник
journal-intro = Записывайте, что произошло, в своём темпе: когда, где, что было сделано, какие травмы, кто видел. Записи хранятся зашифрованными на сервере бота, а не в этом телефоне; ваши сообщения удаляются из чата сразу после сохранения. У каждой записи есть номер, время и отпечаток: по ним потом видно, что запись не менялась после сохранения. Такие записи может попросить социальный защитник, полиция или суд.
journal-none-yet = Записей пока нет.
journal-count = { $count ->
    [one] Сохранена { $count } запись.
    [few] Сохранено { $count } записи.
   *[other] Сохранено { $count } записей.
}
journal-btn-new = ➕ Новая запись
journal-btn-continue = ✏️ Продолжить запись
journal-btn-list = 📋 Мои записи ({ $count })
journal-full = В дневнике может быть не больше { $limit } записей.
journal-full-hint = Чтобы добавить новую, удалите запись, которая больше не нужна.

## Запись, которую пишут сейчас
journal-new-title = 📝 Новая запись
journal-edit-title = 📝 Изменение записи №{ $number }
journal-not-saved-yet = Ничего не сохраняется, пока вы не нажмёте «💾 Сохранить». Нажмите на строку ниже, чтобы заполнить или изменить её.
journal-entry-empty = Пока ничего не заполнено.
journal-btn-save = 💾 Сохранить
journal-btn-discard = 🗑 Не сохранять
journal-say-something = ⚠️ Прежде чем сохранить, заполните хотя бы одну строку, кроме «когда».
journal-discarded = Несохранённая запись удалена.
journal-step = Шаг { $step } из { $total }. Любой шаг можно пропустить.
journal-now-holds = Сейчас записано: { $value }
journal-btn-clear = ✖️ Очистить эту строку
journal-btn-skip = ⏭ Пропустить
journal-btn-to-draft = 📄 Вся запись

## Строки записи: подпись в записи, кнопка, вопрос
journal-field-when = Когда:
journal-field-place = Где:
journal-field-what = Что произошло:
journal-field-injuries = Травмы:
journal-field-witnesses = Свидетели:
journal-field-police = Полиция:
journal-btn-when = Когда
journal-btn-place = Где
journal-btn-what = Что произошло
journal-btn-injuries = Травмы
journal-btn-witnesses = Свидетели
journal-btn-police = Полиция
journal-q-when = Когда это произошло?
journal-q-part = { $day }: в какое время суток?
journal-q-date = В какой день это произошло?
journal-q-place = Где это произошло?
journal-q-what = Что произошло?
journal-q-injuries = Пострадали ли вы или кто-то ещё?
journal-q-witnesses = Кто-нибудь видел или слышал это?
journal-q-police = Вызывали ли полицию?
journal-ask-what = Напишите своими словами: кто что сделал, что говорил, чем угрожал. До { $limit } символов. Ваше сообщение удалится из чата, как только будет сохранено.
journal-ask-injuries = Напишите, какие были травмы и на какой части тела, и обращались ли вы к врачу. До { $limit } символов. Ваше сообщение удалится из чата, как только будет сохранено.
journal-ask-witnesses = Напишите, кто видел или слышал (имя или, например, «соседка») и как с ними связаться, если знаете. До { $limit } символов. Ваше сообщение удалится из чата, как только будет сохранено.
journal-ask-date = Напишите дату, например 14.03.2026 (или 14.03, если в этом году). Ваше сообщение удалится из чата, как только будет прочитано.

## Ответы кнопками
journal-when-now = 🕒 Только что
journal-when-today = Сегодня
journal-when-yesterday = Вчера
journal-when-other-day = 📅 Другой день
journal-when-at = { $day }, { $time }
journal-when-part = { $day }, { $part }
journal-when-day = { $day }
journal-part-morning = утром
journal-part-daytime = днём
journal-part-evening = вечером
journal-part-night = ночью
journal-part-unknown = Не помню
journal-place-home = Дома
journal-place-relatives = В чужом доме
journal-place-outside = На улице, в транспорте
journal-place-work = На работе или учёбе
journal-place-online = По телефону или в интернете
journal-place-other = В другом месте
journal-police-called = Да, вызывали
journal-police-not-called = Нет

## Что не удалось принять
journal-problem-empty = ⚠️ Здесь нужен ответ текстом. Напишите его или пропустите шаг.
journal-problem-long = ⚠️ Это длиннее { $limit } символов. Пожалуйста, сократите.
journal-problem-date = ⚠️ Не получилось прочитать дату. Напишите её так: 14.03.2026.
journal-problem-future = ⚠️ Этот день ещё не наступил. Напишите день, когда это произошло.
journal-problem-past = ⚠️ Это очень давняя дата. Пожалуйста, проверьте год.
journal-not-deleted = ⚠️ Ваше сообщение не удалось удалить из чата. Пожалуйста, удалите его сами.

## Сохранённые записи
journal-receipt = ✅ Запись №{ $number } сохранена: { $time } (время Алматы). Отпечаток: { $fingerprint }…
journal-receipt-edited = ✅ Запись №{ $number } изменена и сохранена заново: { $time } (время Алматы). Новый отпечаток: { $fingerprint }…
journal-receipt-hint = Запись хранится не в этом телефоне: её можно открыть здесь, в разделе «Мои записи». Полный отпечаток показан вместе с записью; по нему видно, что запись не менялась с момента сохранения.
journal-btn-open = 📄 Открыть запись №{ $number }
journal-btn-back = ◀ Дневник
journal-list-title = 📋 Мои записи: { $count }
journal-list-page = Страница { $page } из { $pages }
journal-list-hint = Сначала новые. На кнопках — только номер, день и место.
journal-btn-newer = ◀ Новые
journal-btn-older = Старые ▶
journal-entry-title = 📓 Запись №{ $number }
journal-stored-on = Сохранена: { $time } (время Алматы)
journal-fingerprint = Отпечаток (SHA-256): <code>{ $fingerprint }</code>
journal-btn-edit = ✏️ Изменить
journal-btn-delete = 🗑 Удалить
journal-btn-list-back = ◀ Мои записи
journal-delete-confirm = ⚠️ Удалить эту запись? Вернуть её будет нельзя.
journal-btn-delete-yes = 🗑 Да, удалить
journal-btn-delete-no = ◀ Нет, оставить
journal-deleted = Запись удалена.

## Файлы: фото, голосовые сообщения, видео, документы
journal-mydata-files = 📎 Файлы в вашем дневнике (зашифрованы): { $count }
journal-field-media = Файлы:
journal-btn-media = Фото и файлы
journal-q-media = Есть ли у вас фото, голосовые сообщения, видео или документы?
journal-ask-media = Отправьте их сюда, по одному или несколько: фото травм или повреждений, голосовые сообщения, видео, снимки экрана с сообщениями, справку от врача. Каждый файл сохраняется зашифрованным и удаляется из чата. До { $size } МБ на файл.
journal-files-space = Занято: { $used } МБ из { $total } МБ.
journal-files-count = { $count ->
    [one] { $count } файл
    [few] { $count } файла
   *[other] { $count } файлов
}
journal-btn-files-done = ✅ Файлы добавлены
journal-kind-photo = Фото
journal-kind-video = Видео
journal-kind-voice = Голосовое сообщение
journal-kind-video-note = Видеосообщение
journal-kind-audio = Аудио
journal-kind-document = Документ
journal-kind-animation = Анимация
journal-problem-not-media = ⚠️ Здесь бот принимает фото, голосовые сообщения, видео и документы. Отправьте файл или нажмите «✅ Файлы добавлены».
journal-problem-file-big = ⚠️ Этот файл больше { $limit } МБ — больше бот принять не может.
journal-problem-files-full = ⚠️ Места больше нет: в дневнике помещается до { $limit } МБ файлов и до 30 файлов в одной записи.
journal-file-left = Файл остался в чате: удалите его сами, если этот телефон может увидеть кто-то другой.
journal-receipt-files = 📎 { $count ->
    [one] Прикреплён { $count } файл. Когда он сохранится, у него будет свой отпечаток: он показан в записи.
    [few] Прикреплено { $count } файла. Когда они сохранятся, у каждого будет свой отпечаток: они показаны в записи.
   *[other] Прикреплено { $count } файлов. Когда они сохранятся, у каждого будет свой отпечаток: они показаны в записи.
}
journal-file-stored = сохранён { $time }, отпечаток { $fingerprint }…
journal-file-pending = сохраняется…
journal-file-failed = не удалось сохранить (Telegram не отдал файл)
journal-btn-files-send = 📎 Показать файлы ({ $count })
journal-files-sent = { $count ->
    [one] 📎 Файл выше. Он останется в этом чате, пока вы его не удалите; быстрый выход тоже его удалит.
   *[other] 📎 Файлы выше ({ $count }). Они останутся в этом чате, пока вы их не удалите; быстрый выход тоже их удалит.
}
journal-files-more = { $count ->
    [one]    … и ещё { $count } файл
    [few]    … и ещё { $count } файла
   *[other]    … и ещё { $count } файлов
}
journal-file-line =    { $index }. { $kind } · { $size } МБ · { $state }

## PIN-код дневника: защищает дневник, план безопасности и «Что бот хранит о вас»
pin-on = 🔒 PIN-код защищает дневник, план безопасности и ваши данные здесь.
pin-off = 🔓 PIN-кода нет: любой, у кого в руках этот телефон, может открыть дневник. Вы можете установить PIN-код.
pin-btn-set = 🔒 Установить PIN-код
pin-btn-remove = 🔓 Убрать PIN-код
pin-enter = 🔒 Введите PIN-код
pin-new = 🔒 Придумайте PIN-код
pin-new-hint = От { $low } до { $high } цифр. Выберите такой, который другие не угадают; если забудете, восстановить его нельзя.
pin-again = 🔒 Введите тот же PIN-код ещё раз
pin-short = В PIN-коде должно быть не меньше { $low } цифр.
pin-mismatch = ⚠️ PIN-коды не совпали. Придумайте PIN-код заново.
pin-wrong = ⚠️ Неверный PIN-код. Осталось попыток: { $left }.
pin-locked = ⏳ Слишком много неверных попыток: снова ввести PIN-код можно после { $time }.
pin-btn-forgot = Я забыл(а) PIN-код
pin-set = 🔒 PIN-код установлен. Теперь он спрашивается перед тем, как открыть дневник, план безопасности или ваши данные; быстрый выход снова их закрывает.
pin-opened = 🔓 Открыто. Закроется через 10 минут без нажатий или при быстром выходе.
pin-btn-continue = ▶️ Продолжить
pin-remove-confirm = Убрать PIN-код? Тогда любой, у кого в руках этот телефон, сможет открыть дневник, план безопасности и ваши данные.
pin-btn-remove-yes = 🔓 Да, убрать
pin-removed = 🔓 PIN-код убран.
pin-forgot = Забытый PIN-код восстановить нельзя: его не может прочитать даже команда бота. Продолжить можно, только удалив дневник вместе с PIN-кодом (план безопасности и обращения останутся). Удалить дневник?
pin-btn-erase = 🗑 Удалить дневник и PIN-код
pin-btn-try-again = ◀ Ввести PIN-код ещё раз
pin-erased = 🗑 Дневник и PIN-код удалены.

## Поделиться записями с социальным защитником (только по нажатию самого человека)
journal-btn-share = 📤 Поделиться с защитником
journal-share-title = 📤 Поделиться с социальным защитником
journal-share-hint = Выберите записи, которые получит социальный защитник по вашему открытому обращению. Ничего не уйдёт, пока вы не увидите это и не нажмёте «Отправить». Защитники видят записи и файлы, но не ваше имя и аккаунт в Telegram.
journal-share-chosen = Выбрано: { $count }
journal-btn-share-preview = 👁 Что уйдёт ({ $count })
journal-share-preview = Вот что получит ваш защитник, сначала одним сообщением:
journal-share-then = Затем каждая запись целиком, как вы видите её, открыв, вместе с файлами ({ $count }).
journal-btn-share-send = 📤 Отправить защитнику
journal-btn-share-change = ✏️ Изменить выбор
journal-share-sent = 📤 Отправлено вашему социальному защитнику (обращение #{ $case }): записей — { $count }, файлов — { $files }. В вашем дневнике они тоже остались без изменений.
journal-share-no-case = Чтобы поделиться записями, нужно открытое обращение к социальному защитнику. Его можно написать сейчас; записи останутся в дневнике, пока вы ими не поделитесь.
journal-btn-to-defender = ✉️ Написать защитнику
journal-share-too-many = Не больше { $limit } записей за раз.
journal-share-head = 📓 Записи дневника, которыми поделился человек: { $count }
journal-share-head-note = Выбраны и отправлены самим человеком. Отпечаток каждой записи (SHA-256) показывает, что она не менялась после сохранения; у каждого файла — свой.
journal-share-line = №{ $number } · { $what } · 📎 { $files } · { $fingerprint }…
journal-share-no-date = без даты
journal-share-file = №{ $number }, файл { $index }: { $kind }. SHA-256: { $fingerprint }
journal-share-no-digest = ещё не сохранён
