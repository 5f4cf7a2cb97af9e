"""/stats's figures without a bot (dialogs/case_stats.py)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from dialogs.case_stats import DAY, CaseFacts, duration, open_by_age, percentile, period, week_of

NOW = 1_796_000_000  # 2026-11-30 05:53, a Monday in Kazakhstan


def test_the_nearest_rank_percentile() -> None:
    assert percentile([], 0.5) is None
    assert percentile([5], 0.9) == 5
    assert percentile([1, 2, 3, 4], 0.5) == 2 and percentile(list(range(1, 11)), 0.9) == 9
    assert percentile([10, 1, 7], 0.5) == 7  # any order


@given(st.lists(st.integers(0, 10**6), min_size=1), st.floats(0.01, 1.0))
def test_a_percentile_is_one_of_the_values_and_ranks_right(values: list[int], q: float) -> None:
    found = percentile(values, q)
    assert found in values
    assert sum(v <= found for v in values) >= q * len(values) - 1e-9  # type: ignore[operator]


def test_a_period_counts_what_the_cases_say() -> None:
    facts = [
        CaseFacts(NOW - 2 * 3600, True, "astana", NOW - 3600, None),  # taken in 1 h
        CaseFacts(NOW - 3 * DAY, True, "astana", NOW - 3 * DAY + 600, NOW - 2 * DAY),
        CaseFacts(NOW - 10 * DAY, False, "karaganda", NOW - 10 * DAY + 7200, None),
        CaseFacts(NOW - 20 * DAY, True, None, None, None),  # erased by the person: no region
    ]
    assert open_by_age(facts, NOW) == (1, 1, 1)
    week = period(facts, NOW, 7)
    assert week.opened == 2 and week.take == (600, 3600) and week.reply == (DAY, DAY)
    assert week.regions == [("astana", 2)]
    month = period(facts, NOW, 30)
    assert month.opened == 4 and month.take == (3600, 7200)
    assert month.regions == [("astana", 2), ("karaganda", 1)]
    assert sum(n for _, n in month.weeks) == 4 and month.weeks == sorted(month.weeks)
    assert all(date.fromisoformat(w).weekday() == 0 for w, _ in month.weeks)  # Mondays
    assert week_of(NOW) == "2026-11-30" and week_of(NOW - 6 * 3600) == "2026-11-23"


def test_durations_read_as_hours_and_minutes() -> None:
    assert duration(None) == "—" and duration(0) == "0:00"
    assert duration(3599) == "1:00" and duration(7500) == "2:05" and duration(90000) == "25:00"
