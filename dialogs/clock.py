"""Kazakhstan's clock, shared by every feature that shows or reads a local time.

Kazakhstan keeps one time, UTC+5, without daylight saving (since March 2024). The zone database
is used when it agrees; an older one still says +6 for Asia/Almaty, so then a fixed +05:00.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo

FIXED = timezone(timedelta(hours=5), "+05")


def _almaty() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo("Asia/Almaty")
    except Exception:  # no zone database on this system
        return FIXED
    offset = datetime.now(zone).utcoffset()
    return zone if offset == timedelta(hours=5) else FIXED


ALMATY = _almaty()
