"""An organisation's figures for /stats (issue #27), as pure rules: open cases by age, the
median and 90th percentile of the time to take a case and to first reply, cases by region, by
week and taken by each defender, over the last 7 and 30 days. Counts and durations only:
nothing about any person."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from dialogs.working_hours import KZ_TIME

DAY = 86400
PERIODS = (7, 30)  # days


@dataclass(frozen=True)
class CaseFacts:
    """What /stats knows of one case: when, where, and how fast it was answered."""

    created_at: int
    open: bool
    region: str | None  # None: erased by the person
    taken_at: int | None  # the first time someone took it
    replied_at: int | None  # the first reply that reached the person


@dataclass(frozen=True)
class Period:
    days: int
    opened: int
    take: tuple[int | None, int | None]  # median, 90th percentile, seconds
    reply: tuple[int | None, int | None]
    regions: list[tuple[str, int]]  # most first
    weeks: list[tuple[str, int]]  # "2026-11-30" (the Monday), oldest first


def percentile(values: Sequence[float], q: float) -> int | None:
    """The nearest-rank percentile (q in 0..1) of `values`; None without any."""
    if not values:
        return None
    ordered = sorted(values)
    return int(ordered[max(0, math.ceil(q * len(ordered)) - 1)])


def open_by_age(facts: Iterable[CaseFacts], now: int) -> tuple[int, int, int]:
    """Open cases younger than a day, of one to seven days, and older."""
    ages = [now - f.created_at for f in facts if f.open]
    return (sum(a < DAY for a in ages), sum(DAY <= a < 7 * DAY for a in ages),
            sum(a >= 7 * DAY for a in ages))


def week_of(at: int) -> str:
    day = datetime.fromtimestamp(at, KZ_TIME).date()
    return (day - timedelta(days=day.weekday())).isoformat()


def period(facts: Iterable[CaseFacts], now: int, days: int) -> Period:
    recent = [f for f in facts if f.created_at >= now - days * DAY]
    take = [f.taken_at - f.created_at for f in recent if f.taken_at is not None]
    reply = [f.replied_at - f.created_at for f in recent if f.replied_at is not None]
    regions = Counter(f.region for f in recent if f.region)
    weeks = Counter(week_of(f.created_at) for f in recent)
    return Period(days, len(recent), (percentile(take, 0.5), percentile(take, 0.9)),
                  (percentile(reply, 0.5), percentile(reply, 0.9)),
                  sorted(regions.items(), key=lambda kv: (-kv[1], kv[0])), sorted(weeks.items()))


def duration(seconds: int | None) -> str:
    """"2:05" (hours:minutes); "—" for none."""
    if seconds is None:
        return "—"
    minutes = round(seconds / 60)
    return f"{minutes // 60}:{minutes % 60:02d}"
