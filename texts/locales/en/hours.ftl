## The defenders' working hours (DEFENDERS_HOURS) and the expected wait

hours-day-mon = Monday
hours-day-tue = Tuesday
hours-day-wed = Wednesday
hours-day-thu = Thursday
hours-day-fri = Friday
hours-day-sat = Saturday
hours-day-sun = Sunday
hours-every-day = every day
hours-zone-kz = Astana time
hours-today = today at { $time }
hours-tomorrow = tomorrow at { $time }
hours-on-mon = on Monday at { $time }
hours-on-tue = on Tuesday at { $time }
hours-on-wed = on Wednesday at { $time }
hours-on-thu = on Thursday at { $time }
hours-on-fri = on Friday at { $time }
hours-on-sat = on Saturday at { $time }
hours-on-sun = on Sunday at { $time }
hours-on-date = on { $day } { $month } at { $time }
hours-month-1 = January
hours-month-2 = February
hours-month-3 = March
hours-month-4 = April
hours-month-5 = May
hours-month-6 = June
hours-month-7 = July
hours-month-8 = August
hours-month-9 = September
hours-month-10 = October
hours-month-11 = November
hours-month-12 = December

hours-schedule = 🕘 Social defenders work: { $hours }.
hours-now-open = They are at work now.
hours-now-closed = They are not at work now. They are back { $when }. You can send a request now: they will see it then.
hours-now-closed-no-date = They are not at work now, and the day they are back is not set yet. You can send a request now: it will be kept.

hours-sent-closed =
    <b>Social defenders are not at work now.</b> They work: { $hours }.
    Your request is saved. They will see it { $when }.
hours-sent-closed-no-date =
    <b>Social defenders are not at work now.</b> They work: { $hours }.
    Your request is saved. The day they are back is not set yet.
hours-sent-open = Social defenders are at work now ({ $hours }). One of them will write to you here as soon as they are free. If nobody has taken your request within { $minutes } minutes, the bot will tell you here.
hours-sent-young = Children and young people can also call 📞 <b>150</b>, the helpline for children and young people.
hours-lines =
    <b>If you are in danger now</b>, call 📞 <b>112</b> or 📞 <b>102</b> (police).
    📞 <b>111</b> — help for families, women and children: 24/7, free.
    📞 <b>150</b> — helpline for children and young people.

hours-unclaimed = <b>Nobody has taken your request #{ $case } yet.</b> It is saved and will not be lost.
hours-unclaimed-open = Social defenders are at work now: one of them will write to you here as soon as they are free.
hours-unclaimed-closed = Social defenders are not at work now (they work: { $hours }). They are back { $when }.
hours-unclaimed-closed-no-date = Social defenders are not at work now (they work: { $hours }), and the day they are back is not set yet.
hours-unclaimed-unset = A social defender will write to you here as soon as one is free.

hours-case-opened-closed = Request #{ $case } came outside working hours. The person was told that defenders will see it { $when }.
