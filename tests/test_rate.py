"""The token bucket (pure, with an injected clock) that serves the flood limit, the global send
budget and the outbound queue's per-chat limits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.rate import KeyedBuckets, TokenBucket


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_passes_then_the_rate_holds() -> None:
    clock = Clock()
    bucket = TokenBucket(rate=2.0, burst=3, clock=clock)
    assert [bucket.try_take() for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.try_take() == pytest.approx(0.5)  # nothing taken: wait half a second
    clock.now += 0.5
    assert bucket.try_take() == 0.0


def test_a_reserve_is_left_for_others() -> None:
    clock = Clock()
    bucket = TokenBucket(rate=10.0, burst=10, clock=clock)
    taken = 0
    while bucket.try_take(reserve=3) == 0:
        taken += 1
    assert taken == 7
    assert [bucket.try_take() for _ in range(3)] == [0.0, 0.0, 0.0]  # the reserve's owners


def test_a_pause_stops_everything_for_its_length() -> None:
    clock = Clock()
    bucket = TokenBucket(rate=30.0, burst=30, clock=clock)
    bucket.pause(5)
    assert bucket.try_take() == pytest.approx(5.0)
    clock.now += 5
    assert bucket.try_take() == 0.0


def test_a_bucket_needs_a_rate_and_room() -> None:
    with pytest.raises(ValueError):
        TokenBucket(rate=0, burst=1)
    with pytest.raises(ValueError):
        TokenBucket(rate=1, burst=0)


def test_keyed_buckets_are_independent_and_bounded() -> None:
    clock = Clock()
    buckets = KeyedBuckets(rate=1.0, burst=1, clock=clock, max_keys=100)
    assert buckets.try_take("a") == 0.0
    assert buckets.try_take("a") > 0
    assert buckets.try_take("b") == 0.0
    for key in range(500):
        buckets.try_take(key)
    assert len(buckets) == 100


@given(st.lists(st.floats(min_value=0.0, max_value=2.0), min_size=1, max_size=300),
       st.floats(min_value=0.5, max_value=50.0), st.integers(min_value=1, max_value=40))
def test_never_more_than_burst_plus_rate_times_elapsed(steps: list[float], rate: float,
                                                       burst: int) -> None:
    clock = Clock()
    bucket = TokenBucket(rate=rate, burst=burst, clock=clock)
    taken = 0
    for step in steps:
        clock.now += step
        while bucket.try_take() == 0.0:
            taken += 1
    assert taken <= burst + rate * clock.now + 1e-6
