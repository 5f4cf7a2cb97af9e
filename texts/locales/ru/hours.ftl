## The defenders' working hours (DEFENDERS_HOURS) and the expected wait

hours-day-mon = понедельник
hours-day-tue = вторник
hours-day-wed = среда
hours-day-thu = четверг
hours-day-fri = пятница
hours-day-sat = суббота
hours-day-sun = воскресенье
hours-every-day = ежедневно
hours-zone-kz = время Астаны
hours-today = сегодня в { $time }
hours-tomorrow = завтра в { $time }
hours-on-mon = в понедельник в { $time }
hours-on-tue = во вторник в { $time }
hours-on-wed = в среду в { $time }
hours-on-thu = в четверг в { $time }
hours-on-fri = в пятницу в { $time }
hours-on-sat = в субботу в { $time }
hours-on-sun = в воскресенье в { $time }
hours-on-date = { $day } { $month } в { $time }
hours-month-1 = января
hours-month-2 = февраля
hours-month-3 = марта
hours-month-4 = апреля
hours-month-5 = мая
hours-month-6 = июня
hours-month-7 = июля
hours-month-8 = августа
hours-month-9 = сентября
hours-month-10 = октября
hours-month-11 = ноября
hours-month-12 = декабря

hours-schedule = 🕘 Социальные защитники работают: { $hours }.
hours-now-open = Сейчас они на работе.
hours-now-closed = Сейчас они не работают и вернутся { $when }. Обращение можно отправить уже сейчас: они увидят его в это время.
hours-now-closed-no-date = Сейчас они не работают, и день, когда они вернутся, пока не назначен. Обращение можно отправить уже сейчас: оно сохранится.

hours-sent-closed =
    <b>Сейчас социальные защитники не работают.</b> Часы их работы: { $hours }.
    Ваше обращение сохранено. Они увидят его { $when }.
hours-sent-closed-no-date =
    <b>Сейчас социальные защитники не работают.</b> Часы их работы: { $hours }.
    Ваше обращение сохранено. День, когда они вернутся, пока не назначен.
hours-sent-open = Сейчас социальные защитники на работе ({ $hours }). Один из них напишет вам здесь, как только освободится. Если за { $minutes } мин. никто не возьмёт ваше обращение, бот сообщит вам здесь.
hours-sent-young = Дети и молодёжь могут также позвонить на 📞 <b>150</b> — телефон доверия для детей и молодёжи.
hours-lines =
    <b>Если вам сейчас угрожает опасность</b>, звоните 📞 <b>112</b> или 📞 <b>102</b> (полиция).
    📞 <b>111</b> — помощь семьям, женщинам и детям: круглосуточно, бесплатно.
    📞 <b>150</b> — телефон доверия для детей и молодёжи.

hours-unclaimed = <b>Ваше обращение №{ $case } пока никто не взял.</b> Оно сохранено и не потеряется.
hours-unclaimed-open = Сейчас социальные защитники на работе: один из них напишет вам здесь, как только освободится.
hours-unclaimed-closed = Сейчас социальные защитники не работают (часы работы: { $hours }). Они вернутся { $when }.
hours-unclaimed-closed-no-date = Сейчас социальные защитники не работают (часы работы: { $hours }), и день, когда они вернутся, пока не назначен.
hours-unclaimed-unset = Социальный защитник напишет вам здесь, как только кто-то из них освободится.

hours-case-opened-closed = Обращение №{ $case } пришло в нерабочее время. Человеку сказано, что защитники увидят его { $when }.
