"""The per-person flood limit: bursts pass, a flood is dropped, the bucket refills."""

from __future__ import annotations

from bot.middlewares.flood import FloodLimit
from tests.test_rate import Clock


def test_burst_then_drop_then_refill() -> None:
    clock = Clock()
    limit = FloodLimit(burst=5, rate=2.0, clock=clock)
    assert [limit.allow(1) for _ in range(7)] == [True] * 5 + [False] * 2
    assert limit.allow(2)  # another person is not affected
    clock.now += 1.0  # two tokens back
    assert [limit.allow(1) for _ in range(3)] == [True, True, False]


def test_steady_tapping_below_the_rate_is_never_dropped() -> None:
    clock = Clock()
    limit = FloodLimit(burst=3, rate=3.0, clock=clock)
    for _ in range(1000):
        clock.now += 0.34
        assert limit.allow(1)
