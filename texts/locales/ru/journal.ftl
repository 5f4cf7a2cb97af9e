## Дневник (/journal): записи о том, что произошло, хранятся зашифрованными на сервере бота, а не в телефоне

cmd-journal = Мой дневник происшествий
btn-journal = 📓 Дневник
journal-mydata = 📓 Ваш дневник (зашифрован): { $count ->
    [one] { $count } запись
    [few] { $count } записи
   *[other] { $count } записей
}

journal-title = 📓 Мой дневник
journal-intro = Записывайте, что произошло, в своём темпе: когда, где, что было сделано, какие травмы, кто видел. Записи хранятся зашифрованными на сервере бота, а не в этом телефоне; то, что вы напишете, удаляется из чата, как только сохранено. У каждой записи есть номер, время и отпечаток: по ним потом видно, что запись с тех пор не менялась. Такие записи может попросить социальный защитник, полиция или суд.
journal-none-yet = Записей пока нет.
journal-count = { $count ->
    [one] Сохранена { $count } запись.
    [few] Сохранено { $count } записи.
   *[other] Сохранено { $count } записей.
}
journal-btn-new = ➕ Новая запись
journal-btn-continue = ✏️ Продолжить несохранённую запись
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
journal-now-holds = Сейчас: { $value }
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
journal-ask-what = Напишите своими словами: кто что сделал, что говорил, чем угрожал. До { $limit } знаков. Ваше сообщение удалится из чата, как только будет сохранено.
journal-ask-injuries = Напишите, какие были травмы и на каком месте тела, обращались ли вы к врачу. До { $limit } знаков. Ваше сообщение удалится из чата, как только будет сохранено.
journal-ask-witnesses = Напишите, кто видел или слышал (имя или, например, «соседка») и как с ними связаться, если знаете. До { $limit } знаков. Ваше сообщение удалится из чата, как только будет сохранено.
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
journal-problem-empty = ⚠️ Здесь нужен ответ словами. Напишите его или пропустите шаг.
journal-problem-long = ⚠️ Это длиннее { $limit } знаков. Пожалуйста, сократите.
journal-problem-date = ⚠️ Не получилось прочитать дату. Напишите её так: 14.03.2026.
journal-problem-future = ⚠️ Этот день ещё не наступил. Напишите день, когда это произошло.
journal-problem-past = ⚠️ Это очень давняя дата. Пожалуйста, проверьте год.
journal-not-deleted = ⚠️ Ваше сообщение не удалось удалить из чата. Пожалуйста, удалите его сами.

## Сохранённые записи
journal-receipt = ✅ Запись №{ $number } сохранена: { $time } (время Алматы). Отпечаток: { $fingerprint }…
journal-receipt-edited = ✅ Запись №{ $number } изменена и сохранена заново: { $time } (время Алматы). Новый отпечаток: { $fingerprint }…
journal-receipt-hint = Записи нет в этом телефоне: её можно открыть здесь, в разделе «Мои записи». Полный отпечаток показан вместе с записью; по нему видно, что запись не менялась с момента сохранения.
journal-btn-open = 📄 Открыть запись №{ $number }
journal-btn-back = ◀ Дневник
journal-list-title = 📋 Мои записи: { $count }
journal-list-page = Страница { $page } из { $pages }
journal-list-hint = Сначала новые. На кнопках — только номер, день и место.
journal-btn-newer = ◀ Новее
journal-btn-older = Старше ▶
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
