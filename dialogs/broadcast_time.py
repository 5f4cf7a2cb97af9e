"""When a scheduled broadcast starts: the admin types Almaty time or an offset from now.

Kazakhstan keeps one time, UTC+5, without daylight saving (since March 2024). The zone database
is used when it agrees; an older one still says +6 for Asia/Almaty, so then a fixed +05:00.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from enum import StrEnum

FIXED = timezone(timedelta(hours=5), "+05")
MAX_AHEAD = timedelta(days=90)  # further than this is taken for a typo (2062 for 2026)
_OFFSET = re.compile(r"^\+\s*(\d{1,4})\s*([mh])$", re.IGNORECASE)
_ABSOLUTE = "%Y-%m-%d %H:%M"


def _almaty() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo("Asia/Almaty")
    except Exception:  # no zone database on this system
        return FIXED
    offset = datetime.now(zone).utcoffset()
    return zone if offset == timedelta(hours=5) else FIXED


ALMATY = _almaty()


class WhenProblem(StrEnum):
    FORMAT = "format"
    PAST = "past"
    FAR = "far"


def parse_when(text: str, now: float) -> int | WhenProblem:
    """Epoch seconds for "YYYY-MM-DD HH:MM" (Almaty time), "+30m" or "+2h"; or what is wrong.
    `now` is epoch seconds, passed in so the rule is testable."""
    text = " ".join(text.split())
    if match := _OFFSET.match(text):
        amount, unit = int(match.group(1)), match.group(2).lower()
        at = now + amount * (60 if unit == "m" else 3600)
    else:
        try:
            local = datetime.strptime(text.replace("T", " "), _ABSOLUTE)
        except ValueError:
            return WhenProblem.FORMAT
        at = local.replace(tzinfo=ALMATY).timestamp()
    if at <= now:
        return WhenProblem.PAST
    if at - now > MAX_AHEAD.total_seconds():
        return WhenProblem.FAR
    return int(at)


def almaty_text(epoch: float) -> str:
    """The moment as the admin typed it: "YYYY-MM-DD HH:MM", Almaty time."""
    return datetime.fromtimestamp(epoch, ALMATY).strftime(_ABSOLUTE)
