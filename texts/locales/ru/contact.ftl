## Safe contact (issue #23): what the person sees
# The first line of every message the person did not just ask for: it is what a lock screen
# shows, so it says nothing about why.
contact-head = 💬 Новое сообщение
btn-contact-not-now = 🔕 Не сейчас
contact-not-now-done = Пауза. Пока вы не скажете, что безопасно, ничего не придёт (отправьте /start).
contact-paused =
    С возвращением. После вашего прошлого выхода сообщения для вас на паузе. Ждут: { $count }.
    Можно показать их сейчас?
btn-contact-safe = ✅ Безопасно, показать
btn-contact-drop = 🗑 Удалить, не читая
contact-resumed = Хорошо. Сообщения сейчас придут ({ $sound }). Кнопка 🔕 «Не сейчас» под любым из них снова ставит паузу.
contact-dropped = Удалено без прочтения: { $count }. Защитнику сообщили.
contact-settings =
    <b>Сообщения от защитника</b>
    Они приходят без звука, если вы не включите звук. Можно выбрать часы, когда их безопасно получать: в другое время они подождут.
    Сейчас: { $sound }, { $hours }.
contact-sound-on = со звуком
contact-sound-off = без звука
contact-any-time = в любое время
btn-contact-sound-on = 🔔 Включить звук
btn-contact-sound-off = 🔕 Без звука
btn-contact-any-time = В любое время
btn-contact-settings = 🔔 Уведомления и часы
mydata-erase-group = При удалении темы ваших обращений в группе социальных защитников тоже удаляются со всеми сообщениями; в их учёте остаются только номер обращения, кто его вёл и сколько дней оно было открыто.
cmd-contact = Уведомления и безопасные часы

## Safe contact: what the defenders see in the case's topic
case-contact-paused-exit = ⏸ Человек быстро вышел из чата: возможно, ему небезопасно. Не пишите, пока он не напишет снова. Ответы, написанные за это время, задерживаются, а не отправляются.
case-contact-paused-not-now = ⏸ Человек нажал «Не сейчас»: момент неподходящий. Ответы задерживаются, пока он не скажет, что безопасно.
case-contact-held = ⏸ Задержано: человек поставил связь на паузу. Ваш ответ будет доставлен, когда он скажет, что безопасно, или удалён, если он так решит.
case-contact-resumed = ▶️ Человек говорит, что теперь безопасно. Задержанные ответы доставляются: { $count }.
case-contact-dropped = 🗑 Человек решил не получать задержанные ответы ({ $count }): они удалены неотправленными.
case-contact-later = 🕘 Человек выбрал часы, когда ему безопасно получать сообщения: ваш ответ подождёт до их начала.
case-record-erased = 🗑 Обращение №{ $case } удалено по просьбе человека: { $taken }, было открыто дней: { $days }.
case-record-expired = 🗑 Обращение №{ $case } удалено: закрыто более { $keep } дн. назад; { $taken }, было открыто дней: { $days }.
case-record-taken = вёл(а) { $name }
case-record-untaken = никто не взял
