"""bench_replica_load.py's pure parts (issue #25): where a ladder of offered rates counts as
saturated, what its sustained throughput is, and the wait for a quiet machine. The numbers
themselves are not tested: they depend on the machine."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_replica_load import Step, saturated_at, saturation, sustained, wait_quiet  # noqa: E402


def step(offered: float, answered: float, p99_ms: float = 100.0) -> Step:
    return Step(replicas=1, offered=offered, answered=answered, presses=int(answered * 15),
                p50_ms=20.0, p99_ms=p99_ms)


def test_keeping_up_is_not_saturated() -> None:
    assert saturation([]) is None
    assert saturation([step(40, 39.5)]) is None
    assert saturation([step(40, 39.5), step(80, 78.0, p99_ms=900)]) is None


def test_falling_behind_the_offer_is_saturated() -> None:
    assert saturation([step(40, 39.5), step(80, 70.0)]) == "answered 88% of the offer"


def test_not_growing_with_the_offer_is_saturated() -> None:
    # 100 of 110 offered is within 0.9, but only 1.02x the step before
    assert saturation([step(98, 98.0), step(110, 100.0)]) == "answered grew only 1.02x"


def test_an_exploding_p99_is_saturated() -> None:
    assert saturation([step(40, 39.5), step(80, 79.0, p99_ms=2500)]) == "p99 2500 ms > 1000 ms"


def test_the_first_saturated_step_and_the_most_answered() -> None:
    steps = [step(40, 39.5), step(80, 60.0), step(120, 66.0)]
    assert saturated_at(steps) == steps[1]
    assert saturated_at(steps[:1]) is None
    assert sustained(steps) == 66.0
    assert sustained([]) == 0.0


class Clock:
    def __init__(self, loads: list[float]) -> None:
        self.now = 0.0
        self.loads = loads
        self.slept: list[float] = []

    def loadavg(self) -> tuple[float, float, float]:
        return self.loads[min(len(self.slept), len(self.loads) - 1)], 0.0, 0.0

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_waits_for_a_quiet_machine_looking_every_15_s() -> None:
    clock = Clock([3.0, 2.0, 1.2])
    said = wait_quiet(1.5, 1200, loadavg=clock.loadavg, sleep=clock.sleep, clock=lambda: clock.now)
    assert clock.slept == [15.0, 15.0]
    assert said == "load 1.20 after 30 s"


def test_measures_at_once_on_a_quiet_machine() -> None:
    clock = Clock([0.4])
    said = wait_quiet(1.5, 1200, loadavg=clock.loadavg, sleep=clock.sleep, clock=lambda: clock.now)
    assert (said, clock.slept) == ("load 0.40", [])


def test_gives_up_after_its_patience_and_says_so() -> None:
    clock = Clock([4.0])
    said = wait_quiet(1.5, 40, loadavg=clock.loadavg, sleep=clock.sleep, clock=lambda: clock.now)
    assert clock.slept == [15.0, 15.0, 10.0]
    assert said == "gave up waiting after 40 s: load 4.00 >= 1.5"
