"""When a scheduled broadcast starts: the admin types Almaty time or an offset from now.

Times are Kazakhstan's (dialogs/clock.py).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from enum import StrEnum

from dialogs.clock import ALMATY

MAX_AHEAD = timedelta(days=90)  # further than this is taken for a typo (2062 for 2026)
_ABSOLUTE = "%Y-%m-%d %H:%M"
_DOTTED = "%d.%m.%Y %H:%M"  # 08.03.2026 10:00, as dates are written in Kazakhstan
# "+30m", "+30 мин.", "+2 сағ": an amount and a unit, in any of the bot's languages
_OFFSET = re.compile(r"^\+\s*(\d{1,4})\s*(\w+)\.?$")
_UNITS = {
    60: {"m", "min", "mins", "minute", "minutes", "м", "мин", "минута", "минуты", "минут"},
    3600: {"h", "hr", "hrs", "hour", "hours", "ч", "час", "часа", "часов", "сағ", "сағат"},
}
SECONDS = {unit: seconds for seconds, units in _UNITS.items() for unit in units}
# "tomorrow 10:00", "завтра в 10:00", "ертең сағат 10:00": a day named, then the time
_DAY_TIME = re.compile(r"^(\w+)\s+(?:(?:at|в|сағат)\s+)?(\d{1,2}):(\d{2})$")
DAYS = {"today": 0, "сегодня": 0, "бүгін": 0, "tomorrow": 1, "завтра": 1, "ертең": 1}




class WhenProblem(StrEnum):
    FORMAT = "format"
    PAST = "past"
    FAR = "far"


def parse_when(text: str, now: float) -> int | WhenProblem:
    """Epoch seconds for what an admin types, or what is wrong with it. Understood, in Almaty
    time: "2026-03-08 10:00" (or 08.03.2026 10:00), "tomorrow 10:00" / "завтра 10:00" /
    "ертең 10:00" (and today / сегодня / бүгін), and an offset from now: "+30m", "+30 мин",
    "+2h", "+2 ч", "+2 сағ". `now` is epoch seconds, passed in so the rule is testable."""
    text = " ".join(text.split()).casefold()
    at = _offset(text, now) or _day_time(text, now) or _absolute(text)
    if at is None:
        return WhenProblem.FORMAT
    if at <= now:
        return WhenProblem.PAST
    if at - now > MAX_AHEAD.total_seconds():
        return WhenProblem.FAR
    return int(at)


def _offset(text: str, now: float) -> float | None:
    match = _OFFSET.match(text)
    if match is None or match.group(2) not in SECONDS:
        return None
    return now + int(match.group(1)) * SECONDS[match.group(2)]


def _day_time(text: str, now: float) -> float | None:
    match = _DAY_TIME.match(text)
    if match is None or match.group(1) not in DAYS:
        return None
    hour, minute = int(match.group(2)), int(match.group(3))
    if hour > 23 or minute > 59:
        return None
    day = datetime.fromtimestamp(now, ALMATY).date() + timedelta(days=DAYS[match.group(1)])
    local = datetime(day.year, day.month, day.day, hour, minute)
    return local.replace(tzinfo=ALMATY).timestamp()


def _absolute(text: str) -> float | None:
    text = re.sub(r"(?<=\d)t(?=\d)", " ", text)  # ISO's 2026-03-08T10:00
    for layout in (_ABSOLUTE, _DOTTED):
        try:
            local = datetime.strptime(text, layout)
        except ValueError:
            continue
        return local.replace(tzinfo=ALMATY).timestamp()
    return None


def example(now: float) -> str:
    """A date to show in the prompt: tomorrow at 10:00, Almaty time, so it is never past."""
    day = datetime.fromtimestamp(now, ALMATY).date() + timedelta(days=1)
    return f"{day:%Y-%m-%d} 10:00"


def almaty_text(epoch: float) -> str:
    """The moment as the admin typed it: "YYYY-MM-DD HH:MM", Almaty time."""
    return datetime.fromtimestamp(epoch, ALMATY).strftime(_ABSOLUTE)
