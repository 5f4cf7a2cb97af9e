"""The defenders' working hours: parsing the settings, "is the desk open at t", "when does it
open next", and the hours and that moment in the reader's words.

Pure logic: no aiogram, no I/O; times are epoch seconds passed in, so every rule is testable.

    DEFENDERS_HOURS     "mon-fri 09:00-18:00; sat 10:00-14:00"   (days: mon tue wed thu fri sat
                        sun, a range "fri-mon" wraps the week, "daily" is every day; several
                        ranges a day "mon-fri 09:00-13:00, 14:00-18:00"; "22:00-02:00" runs
                        past midnight; "24:00" ends a day)
    DEFENDERS_TIMEZONE  "Asia/Almaty" (default), any IANA zone, or "UTC+5" / "+05:00"
    DEFENDERS_HOLIDAYS  "2027-01-01, 2027-01-02, 2027-03-21..2027-03-23": a range of hours that
                        begins on such a date is not worked

Kazakhstan keeps one time, UTC+5, since 1 March 2024; an older zone database still says +6 for
Asia/Almaty (and Asia/Qostanay), so then a fixed +05:00 is used, as dialogs/broadcast_time does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY = 24 * 60  # minutes
KZ_TIME = timezone(timedelta(hours=5), "+05")
KZ_ZONES = {"Asia/Almaty", "Asia/Qostanay", "Asia/Astana"}  # UTC+5 since 2024-03-01
LOOK_AHEAD = 400  # days searched for the next opening (holidays may close weeks)
MAX_HOLIDAY_RANGE = 366  # days in one "a..b" range of holidays

# Fluent ids (texts/locales/*/hours.ftl); named here so the i18n tests see them used.
DAY_NAMES = ("hours-day-mon", "hours-day-tue", "hours-day-wed", "hours-day-thu",
             "hours-day-fri", "hours-day-sat", "hours-day-sun")
ON_DAY = ("hours-on-mon", "hours-on-tue", "hours-on-wed", "hours-on-thu", "hours-on-fri",
          "hours-on-sat", "hours-on-sun")
MONTHS = ("hours-month-1", "hours-month-2", "hours-month-3", "hours-month-4", "hours-month-5",
          "hours-month-6", "hours-month-7", "hours-month-8", "hours-month-9", "hours-month-10",
          "hours-month-11", "hours-month-12")

Translate = Callable[..., str]


class HoursError(ValueError):
    """A malformed setting; the message is one line for the operator."""


@dataclass(frozen=True, order=True)
class Span:
    """Minutes from the day's midnight; `end` past 1440 runs into the next day."""

    start: int
    end: int

    def text(self) -> str:
        return f"{_hhmm(self.start)}–{_hhmm(self.end)}"


def _hhmm(minutes: int) -> str:
    if minutes == DAY:
        return "24:00"
    minutes %= DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class WorkingHours:
    week: tuple[tuple[Span, ...], ...]  # Monday first, 7 entries
    zone: tzinfo
    holidays: frozenset[date] = frozenset()

    # -- the rules -----------------------------------------------------------------------
    def openings(self, since: float, days: int = LOOK_AHEAD) -> Iterator[tuple[float, float]]:
        """Each worked range (start, end) in epoch seconds, in order, from the day before the
        one of `since` (an overnight range may still run) for `days` days."""
        first = datetime.fromtimestamp(since, self.zone).date() - timedelta(days=1)
        for n in range(days + 1):
            day = first + timedelta(days=n)
            if day in self.holidays:
                continue
            midnight = datetime.combine(day, time(0), self.zone)
            for span in self.week[day.weekday()]:
                start = midnight + timedelta(minutes=span.start)
                end = midnight + timedelta(minutes=span.end)
                yield start.timestamp(), end.timestamp()

    def is_open(self, at: float) -> bool:
        return any(start <= at < end for start, end in self.openings(at, days=2))

    def next_opening(self, at: float) -> float | None:
        """`at` itself while open; else the start of the next worked range (None: none within
        LOOK_AHEAD days, e.g. the whole year marked holidays)."""
        for start, end in self.openings(at):
            if start <= at < end:
                return at
            if start > at:
                return start
        return None

    # -- in words --------------------------------------------------------------------------
    def describe(self, t: Translate) -> str:
        """"Monday–Friday 09:00–18:00; Saturday 10:00–14:00, Astana time" in t's language."""
        groups: list[tuple[list[int], tuple[Span, ...]]] = []
        for day, spans in enumerate(self.week):
            if not spans:
                continue
            if groups and groups[-1][1] == spans and groups[-1][0][-1] == day - 1:
                groups[-1][0].append(day)
            else:
                groups.append(([day], spans))
        parts = []
        for days, spans in groups:
            if len(days) == 7:
                names = str(t("hours-every-day"))
            elif len(days) >= 3:
                names = f"{t(DAY_NAMES[days[0]])}–{t(DAY_NAMES[days[-1]])}"
            else:
                names = ", ".join(str(t(DAY_NAMES[d])) for d in days)
            parts.append(f"{names} {', '.join(s.text() for s in spans)}")
        return f"{'; '.join(parts)}, {self.zone_text(t)}"

    def zone_text(self, t: Translate) -> str:
        offset = datetime.now(self.zone).utcoffset() or timedelta(0)
        if offset == timedelta(hours=5):
            return str(t("hours-zone-kz"))
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"

    def when(self, moment: float, now: float, t: Translate) -> str:
        """A moment after `now` as a person says it: "today at 09:00", "tomorrow at 09:00",
        "on Monday at 09:00", "on 8 January at 09:00"."""
        here = datetime.fromtimestamp(moment, self.zone)
        days = (here.date() - datetime.fromtimestamp(now, self.zone).date()).days
        clock = here.strftime("%H:%M")
        if days <= 0:
            return str(t("hours-today", time=clock))
        if days == 1:
            return str(t("hours-tomorrow", time=clock))
        if days < 7:
            return str(t(ON_DAY[here.weekday()], time=clock))
        return str(t("hours-on-date", day=here.day, month=t(MONTHS[here.month - 1]),
                     time=clock))


# -- parsing ---------------------------------------------------------------------------------
_GROUP = re.compile(r"^(?P<days>[a-z][a-z ,\-–]*?)\s+(?P<spans>\d.*)$")
_SPAN = re.compile(r"^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$")
_DATE = r"\d{4}-\d{2}-\d{2}"
_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
EXAMPLE = "like 'mon-fri 09:00-18:00; sat 10:00-14:00'"


def _days(text: str) -> list[int]:
    text = text.strip()
    if text in ("daily", "every day"):
        return list(range(7))
    found: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        ends = [e.strip()[:3] for e in re.split(r"[-–]", part)]
        if len(ends) > 2 or any(e not in DAYS for e in ends):
            raise HoursError(f"unknown day {part!r}: use mon tue wed thu fri sat sun, {EXAMPLE}")
        first, last = DAYS.index(ends[0]), DAYS.index(ends[-1])
        found += [(first + n) % 7 for n in range((last - first) % 7 + 1)]  # fri-mon wraps
    return found


def _minutes(hour: str, minute: str, *, end: bool) -> int:
    h, m = int(hour), int(minute)
    if m > 59 or h > 24 or (h == 24 and (m or not end)):
        raise HoursError(f"no such time {hour}:{minute}")
    return h * 60 + m


def _span(text: str) -> Span:
    match = _SPAN.match(text.strip())
    if match is None:
        raise HoursError(f"expected hours like 09:00-18:00, not {text.strip()!r}")
    start = _minutes(match[1], match[2], end=False)
    end = _minutes(match[3], match[4], end=True)
    if start == end:
        raise HoursError(f"the range {text.strip()} begins where it ends")
    if end < start:
        end += DAY  # runs past midnight into the next day
    return Span(start, end)


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    merged: list[Span] = []
    for span in sorted(spans):
        if merged and span.start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return tuple(merged)


def parse_week(spec: str) -> tuple[tuple[Span, ...], ...]:
    by_day: list[list[Span]] = [[] for _ in DAYS]
    groups = [g.strip() for g in re.split(r"[;\n]", spec.lower()) if g.strip()]
    if not groups:
        raise HoursError(f"no hours given: expected days and hours {EXAMPLE}")
    for group in groups:
        match = _GROUP.match(group)
        if match is None:
            raise HoursError(f"expected days and hours {EXAMPLE}, not {group!r}")
        spans = [_span(s) for s in match["spans"].split(",")]
        for day in _days(match["days"]):
            by_day[day] += spans
    week = tuple(_merge(spans) for spans in by_day)
    for day, spans in enumerate(week):  # an overnight range must not run into the next day's
        following = week[(day + 1) % 7]
        if spans and following and spans[-1].end > DAY + following[0].start:
            raise HoursError(f"the hours of {DAYS[day]} run into those of "
                             f"{DAYS[(day + 1) % 7]}")
    return week


def parse_holidays(spec: str | None) -> frozenset[date]:
    found: set[date] = set()
    for part in (p.strip() for p in re.split(r"[,;\s]+", spec or "") if p.strip()):
        match = re.fullmatch(rf"({_DATE})(?:\.\.({_DATE}))?", part)
        try:
            first = date.fromisoformat(match[1]) if match else None
            last = date.fromisoformat(match[2]) if match and match[2] else first
        except ValueError:
            first = last = None
        if first is None or last is None:
            raise HoursError(f"expected dates like 2027-01-01 or 2027-03-21..2027-03-23, "
                             f"not {part!r}")
        if not 0 <= (last - first).days <= MAX_HOLIDAY_RANGE:
            raise HoursError(f"the range {part} runs backwards or over a year")
        found |= {first + timedelta(days=n) for n in range((last - first).days + 1)}
    return frozenset(found)


def parse_zone(name: str) -> tzinfo:
    """An IANA zone or a fixed offset; Kazakhstan's zones are UTC+5 whatever an old zone
    database says."""
    name = name.strip()
    if match := _OFFSET.match(name):
        hours, minutes = int(match[2]), int(match[3] or 0)
        if hours > 14 or minutes > 59:
            raise HoursError(f"no such offset {name!r}")
        delta = timedelta(hours=hours, minutes=minutes)
        return timezone(-delta if match[1] == "-" else delta)
    try:
        from zoneinfo import ZoneInfo

        zone: tzinfo = ZoneInfo(name)
    except Exception:  # unknown name, or no zone database on this system
        if name in KZ_ZONES:
            return KZ_TIME
        raise HoursError(f"unknown time zone {name!r}: use a name like Asia/Almaty, "
                         "or an offset like UTC+5") from None
    if name in KZ_ZONES and datetime.now(zone).utcoffset() != timedelta(hours=5):
        return KZ_TIME
    return zone


def parse(spec: str | None, zone: str = "Asia/Almaty", holidays: str | None = None,
          ) -> WorkingHours | None:
    """The hours the settings describe; None when DEFENDERS_HOURS is unset or empty (no hours
    are announced)."""
    if spec is None or not spec.strip():
        return None
    return WorkingHours(parse_week(spec), parse_zone(zone), parse_holidays(holidays))
