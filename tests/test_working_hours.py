"""The defenders' working hours (dialogs/working_hours.py): parsing the settings, open or not at
a moment, the next opening (week wrap, overnight ranges, holidays), and the words for both in
kk, ru and en; and the settings that carry them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bot.kit import hours as hours_ui
from bot.settings import SettingsError, load_settings
from dialogs.working_hours import (
    KZ_TIME,
    HoursError,
    Span,
    parse,
    parse_holidays,
    parse_week,
    parse_zone,
)
from tests.screens import tr

SPEC = "mon-fri 09:00-18:00; sat 10:00-14:00"


def at(text: str) -> float:
    """Epoch seconds of "YYYY-MM-DD HH:MM", Kazakhstan time (2026-11-23 is a Monday)."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=KZ_TIME).timestamp()


def local(epoch: float | None) -> str:
    assert epoch is not None
    return datetime.fromtimestamp(epoch, KZ_TIME).strftime("%a %Y-%m-%d %H:%M")


def test_parsing_days_ranges_and_several_ranges_a_day() -> None:
    week = parse_week("Mon-Fri 09:00-13:00, 14:00-18:00; sat 10:00-14:00")
    assert week[0] == (Span(540, 780), Span(840, 1080))
    assert week[4] == week[0] and week[5] == (Span(600, 840),) and week[6] == ()
    assert parse_week("daily 9:00–17:30") == tuple((Span(540, 1050),) for _ in range(7))
    assert parse_week("fri-mon 10:00-12:00")[5:] == ((Span(600, 720),),) * 2  # wraps the week
    assert parse_week("fri-mon 10:00-12:00")[1:4] == ((), (), ())
    assert parse_week("mon,wed 08:00-24:00\nwed 07:00-09:00")[2] == (Span(420, 1440),)  # merged
    assert parse_week("sat 22:00-02:00")[5] == (Span(1320, 1560),)  # past midnight


@pytest.mark.parametrize("spec, words", [
    ("", "no hours"),
    ("weekdays 09:00-18:00", "unknown day"),
    ("mon-fri", "expected days and hours"),
    ("mon-fri 9-18", "expected hours like 09:00-18:00"),
    ("mon 25:00-26:00", "no such time"),
    ("mon 09:60-10:00", "no such time"),
    ("mon 24:00-09:00", "no such time"),
    ("mon 09:00-09:00", "begins where it ends"),
    ("mon 20:00-10:00; tue 09:00-18:00", "run into those of tue"),
    ("sun 20:00-10:00; mon 09:00-18:00", "run into those of mon"),  # the week wraps
])
def test_malformed_hours_say_what_is_wrong(spec: str, words: str) -> None:
    with pytest.raises(HoursError, match=words):
        parse_week(spec)


def test_holidays_and_zones() -> None:
    assert parse_holidays("2027-01-01, 2027-03-21..2027-03-23") == {
        date(2027, 1, 1), date(2027, 3, 21), date(2027, 3, 22), date(2027, 3, 23)}
    assert parse_holidays(None) == frozenset() == parse_holidays(" ")
    for bad in ("2027-02-30", "01.01.2027", "2027-03-23..2027-03-21", "2027-01-01..2029-01-01"):
        with pytest.raises(HoursError):
            parse_holidays(bad)
    assert datetime(2026, 6, 1, tzinfo=parse_zone("Asia/Almaty")).utcoffset() == \
        timedelta(hours=5)  # one time in Kazakhstan since 2024-03-01, whatever the zone data
    assert datetime(2026, 6, 1, tzinfo=parse_zone("UTC+6")).utcoffset() == timedelta(hours=6)
    assert datetime(2026, 6, 1, tzinfo=parse_zone("-03:30")).utcoffset() == \
        -timedelta(hours=3, minutes=30)
    with pytest.raises(HoursError, match="unknown time zone"):
        parse_zone("Asia/Nowhere")
    assert parse(None) is None and parse("  ") is None  # unset: no hours announced


def test_open_and_the_next_opening_across_the_week() -> None:
    hours = parse(SPEC)
    assert hours is not None
    assert hours.is_open(at("2026-11-23 09:00")) and hours.is_open(at("2026-11-23 17:59"))
    assert not hours.is_open(at("2026-11-23 18:00")) and not hours.is_open(at("2026-11-23 08:59"))
    assert hours.next_opening(at("2026-11-23 12:00")) == at("2026-11-23 12:00")  # open: now
    assert local(hours.next_opening(at("2026-11-23 07:00"))) == "Mon 2026-11-23 09:00"
    assert local(hours.next_opening(at("2026-11-23 19:00"))) == "Tue 2026-11-24 09:00"
    assert local(hours.next_opening(at("2026-11-28 15:00"))) == "Mon 2026-11-30 09:00"  # Sat
    assert local(hours.next_opening(at("2026-11-29 23:59"))) == "Mon 2026-11-30 09:00"  # Sun


def test_overnight_ranges_and_holidays() -> None:
    night = parse("sun 22:00-06:00", "UTC+5")
    assert night is not None
    assert night.is_open(at("2026-11-29 23:00")) and night.is_open(at("2026-11-30 05:59"))
    assert not night.is_open(at("2026-11-30 06:00"))
    assert local(night.next_opening(at("2026-11-30 06:00"))) == "Sun 2026-12-06 22:00"
    hours = parse(SPEC, holidays="2026-12-16..2026-12-17")  # Independence Day, Wed and Thu
    assert hours is not None
    assert not hours.is_open(at("2026-12-16 10:00"))
    assert local(hours.next_opening(at("2026-12-15 19:00"))) == "Fri 2026-12-18 09:00"
    holiday_night = parse("sun 22:00-06:00", "UTC+5", "2026-11-29")
    assert holiday_night is not None and not holiday_night.is_open(at("2026-11-30 01:00"))
    closed_all_year = parse("mon 09:00-10:00",
                            holidays="2026-11-23..2027-11-23 2027-11-24..2028-01-10")
    assert closed_all_year is not None
    assert closed_all_year.next_opening(at("2026-11-23 08:00")) is None


@pytest.mark.parametrize("locale, week, today, tomorrow, monday, later", [
    ("kk", "дүйсенбі–жұма 09:00–18:00; сенбі 10:00–14:00, Астана уақытымен",
     "бүгін, сағат 09:00", "ертең, сағат 09:00", "дүйсенбі, сағат 09:00",
     "8 қаңтар, сағат 09:00"),
    ("ru", "понедельник–пятница 09:00–18:00; суббота 10:00–14:00, время Астаны",
     "сегодня в 09:00", "завтра в 09:00", "в понедельник в 09:00", "8 января в 09:00"),
    ("en", "Monday–Friday 09:00–18:00; Saturday 10:00–14:00, Astana time",
     "today at 09:00", "tomorrow at 09:00", "on Monday at 09:00", "on 8 January at 09:00"),
])
def test_the_hours_and_the_next_opening_in_words(locale: str, week: str, today: str,
                                                 tomorrow: str, monday: str, later: str) -> None:
    t = tr(locale)
    hours = parse(SPEC, holidays="2026-12-31..2027-01-07")
    assert hours is not None
    assert hours.describe(t) == week
    assert hours.when(at("2026-11-24 09:00"), at("2026-11-24 07:00"), t) == today
    assert hours.when(at("2026-11-24 09:00"), at("2026-11-23 19:00"), t) == tomorrow
    assert hours.when(at("2026-11-30 09:00"), at("2026-11-28 15:00"), t) == monday
    opening = hours.next_opening(at("2026-12-30 19:00"))
    assert opening is not None and hours.when(opening, at("2026-12-30 19:00"), t) == later


def test_the_days_group_in_words() -> None:
    t = tr("en")
    every = parse("daily 00:00-24:00", "UTC+6")
    assert every is not None and every.describe(t) == "every day 00:00–24:00, UTC+06:00"
    two = parse("sat-sun 10:00-14:00; wed 22:00-02:00")
    assert two is not None
    assert two.describe(t) == "Wednesday 22:00–02:00; Saturday, Sunday 10:00–14:00, Astana time"


def test_the_persons_notes_outside_and_inside_hours() -> None:
    hours = parse(SPEC)
    ru = tr("ru")
    closed = hours_ui.sent(ru, hours, at("2026-11-28 15:00"), 30)
    assert closed is not None
    assert "Они увидят его в понедельник в 09:00" in closed and "<b>150</b>" in closed
    inside = hours_ui.sent(ru, hours, at("2026-11-23 10:00"), 10)
    assert inside is not None and "за 10 мин." in inside and "111" not in inside
    assert hours_ui.sent(ru, None, at("2026-11-23 10:00"), 10) is None  # unset: as before
    told = hours_ui.unclaimed(tr("kk"), hours, at("2026-11-23 18:30"), 42)
    assert "№42 өтінішіңізді әзірге ешкім алған жоқ" in told
    assert "ертең, сағат 09:00" in told and "<b>111</b>" in told
    assert "босай салысымен" in hours_ui.unclaimed(tr("kk"), None, at("2026-11-23 18:30"), 42)
    assert hours_ui.opened_closed(ru, hours, at("2026-11-23 10:00"), 1) is None
    assert "завтра в 09:00" in str(hours_ui.opened_closed(ru, hours, at("2026-11-23 20:00"), 1))


def test_the_settings_carry_the_hours(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DEFENDERS_HOURS", "DEFENDERS_TIMEZONE", "DEFENDERS_HOLIDAYS"):
        monkeypatch.delenv(name, raising=False)
    assert load_settings().working_hours() is None  # unset by default: no hours announced
    settings = load_settings(defenders_hours=SPEC, defenders_holidays="2026-12-16")
    hours = settings.working_hours()
    assert hours is not None and date(2026, 12, 16) in hours.holidays
    for field, value, name in (("defenders_hours", "mon 9-18", "DEFENDERS_HOURS"),
                               ("defenders_timezone", "Mars/Olympus", "DEFENDERS_TIMEZONE"),
                               ("defenders_holidays", "16.12.2026", "DEFENDERS_HOLIDAYS")):
        with pytest.raises(SettingsError, match=f"setting {name} is malformed"):
            load_settings(**{field: value})
