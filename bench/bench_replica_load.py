"""Presses through one bot replica and then through two, on the scale path: webhook mode behind
sandbox/balancer.py (a process of its own, round-robin), PostgreSQL + Redis shared. People
press the pre-assessment as in bench_load.py (each about every 2 s, waiting for the screen
before the next press), and the offered rate is raised step by step (new people each step, the
same replicas) until the replicas are CPU-bound: answered presses per second fall behind the
offered rate or stop growing, or p99 explodes (see `saturation`). Issue #25's goal: two
replicas >= 1.8x one replica's throughput where one is CPU-bound, p99 no worse.

    .venv/bin/python bench/bench_replica_load.py [--rates 40,80,120,160,200,240]
        [--seconds 15] [--replicas 1,2] [--pin] [--quiet 1.5] [--patience 1200]

Per step: offered presses/s (people / 2 s), answered presses/s (over the load and the drain
after it), p50/p99 latency (press -> answer at the stand-in Bot API), each replica's CPU per
press (round-robin: each takes 1/n of the presses), where the rest of the CPU went (balancer;
this process: the stand-in and the people; PostgreSQL + Redis: all their processes, other
clients' too; the whole machine from /proc/stat, in cores busy, and what of it was none of
these: other work on the machine, and the kernel's share not charged to a process) and the
load average. Then the ratio two/one of the sustained throughput (the most answered/s of any
step) and of p99 at the rate where one replica was saturated, and at every rate both ran.

Before each step it waits until the 1-minute load average is below --quiet (looked at every
15 s, at most --patience s, then it says it gave up and measures anyway). --pin pins replica i
to CPU i (taskset -a -p -c i, all its threads); everything else floats. Each step: up to 60 s
(people start, --seconds of load, drain), about 8 minutes for both ladders plus the waits.
Redis db 11 and the database qorgau_replica_load, flushed and created afresh per ladder.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_load import Load, p99  # noqa: E402
from scale import Replicas, cpu_seconds, fresh_settings, load_average  # noqa: E402

from sandbox.fakeapi import ThreadedServer, running_in_thread  # noqa: E402

REDIS_DB = 11  # this script's own: scale.py's 13 and bench_pair's 12 may be in use
DATABASE = "qorgau_replica_load"
PRESS_EVERY = 2.0  # seconds between a person's presses (bench_load: 1.8-2.2)
FELL_BEHIND = 0.9  # answered / offered below this: saturated
STOPPED_GROWING = 1.05  # answered grew less than this factor while the offer grew: saturated
P99_LIMIT_MS = 1000.0  # half the time between presses: people start waiting on the bot
FIRST_PERSON = 500_000
PEOPLE_STRIDE = 10_000  # ids of one step's people: FIRST_PERSON + step * PEOPLE_STRIDE + ...
SERVERS = ("postgres", "redis-server")


@dataclass(frozen=True)
class Step:
    replicas: int
    offered: float  # presses/s the people would make if answered at once
    answered: float  # presses/s answered, over the load and its drain
    presses: int
    p50_ms: float
    p99_ms: float
    cpu_ms: tuple[float, ...] = ()  # per replica, per press it took (1/n of them)
    cores: dict[str, float] = field(default_factory=dict)  # CPU in cores, by who
    load: str = ""
    quiet: str = ""


def saturation(steps: Sequence[Step]) -> str | None:
    """Why the last step shows the replicas CPU-bound, or None: answered fell behind the
    offered rate, or did not grow with it, or the p99 passed P99_LIMIT_MS."""
    if not steps:
        return None
    last = steps[-1]
    if last.answered < FELL_BEHIND * last.offered:
        return f"answered {last.answered / last.offered:.0%} of the offer"
    if len(steps) > 1:
        before = steps[-2]
        if last.offered > before.offered and last.answered < STOPPED_GROWING * before.answered:
            return f"answered grew only {last.answered / before.answered:.2f}x"
    if last.p99_ms > P99_LIMIT_MS:
        return f"p99 {last.p99_ms:.0f} ms > {P99_LIMIT_MS:.0f} ms"
    return None


def saturated_at(steps: Sequence[Step]) -> Step | None:
    """The first step at which the ladder was saturated."""
    for n in range(len(steps)):
        if saturation(steps[: n + 1]):
            return steps[n]
    return None


def sustained(steps: Sequence[Step]) -> float:
    """The most presses/s answered at any step."""
    return max((s.answered for s in steps), default=0.0)


def wait_quiet(limit: float, patience: float, every: float = 15.0,
               loadavg: Callable[[], tuple[float, float, float]] = os.getloadavg,
               sleep: Callable[[float], None] = time.sleep,
               clock: Callable[[], float] = time.monotonic) -> str:
    """Until the 1-minute load average is below `limit`, looking every `every` s for at most
    `patience` s; what happened, in a few words."""
    started = clock()
    while (one := loadavg()[0]) >= limit:
        waited = clock() - started
        if waited >= patience:
            return f"gave up waiting after {waited:.0f} s: load {one:.2f} >= {limit}"
        sleep(min(every, patience - waited))
    waited = clock() - started
    return f"load {one:.2f} after {waited:.0f} s" if waited else f"load {one:.2f}"


def machine_busy() -> tuple[float, float]:
    """CPU seconds busy (not idle or iowait) of all CPUs together, and the time, from
    /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    busy = sum(fields[:8]) - idle  # user nice system idle iowait irq softirq steal
    return busy / os.sysconf("SC_CLK_TCK"), time.monotonic()


def servers_cpu() -> float:
    """CPU seconds of every PostgreSQL and Redis process (others' connections too)."""
    total = 0.0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if (proc / "comm").read_text().strip() in SERVERS:
                total += cpu_seconds(int(proc.name))
        except (OSError, ValueError):
            continue  # gone meanwhile
    return total


def sample(bots: Replicas) -> dict[str, float]:
    """CPU seconds so far, by who."""
    taken = {f"replica {n}": cpu_seconds(pid) for n, pid in enumerate(bots.pids)}
    if bots.balancer is not None:
        taken["balancer"] = cpu_seconds(bots.balancer.pid)
    taken["stand-in + people"] = time.process_time()
    taken["PostgreSQL + Redis"] = servers_cpu()
    taken["machine"], taken["clock"] = machine_busy()
    return taken


def pin(bots: Replicas) -> None:
    for n, pid in enumerate(bots.pids):
        cpu = n % (os.cpu_count() or 1)
        subprocess.run(["taskset", "-a", "-p", "-c", str(cpu), str(pid)], check=True,
                       capture_output=True)
        print(f"  replica {n} (pid {pid}) pinned to CPU {cpu}: taskset -a -p -c {cpu} {pid}")


def measure(server: ThreadedServer, bots: Replicas, rate: float, n: int, seconds: float,
            quiet: str) -> Step:
    tg = server.tg
    people = max(1, round(rate * PRESS_EVERY))
    load = Load(tg, people, first=FIRST_PERSON + n * PEOPLE_STRIDE)
    try:
        load.setup()
        before = sample(bots)
        started = time.perf_counter()
        latencies, presses = load.run(seconds)
        elapsed = time.perf_counter() - started
        after = sample(bots)
    finally:
        load.close()
    if not presses:
        raise RuntimeError(f"no press was answered at {rate:.0f} presses/s")
    latencies.sort()
    wall = after["clock"] - before["clock"]
    replicas = len(bots.pids)
    cpu_ms = tuple((after[k] - before[k]) / (presses / replicas) * 1000
                   for k in before if k.startswith("replica"))
    cores = {k: (after[k] - before[k]) / wall for k in before if k != "clock"}
    mine = sum(v for k, v in cores.items() if k != "machine")
    cores = {"replicas": sum(v for k, v in cores.items() if k.startswith("replica")),
             **{k: v for k, v in cores.items() if not k.startswith("replica")},
             "other work": cores["machine"] - mine}
    return Step(replicas=replicas, offered=people / PRESS_EVERY, answered=presses / elapsed,
                presses=presses, p50_ms=statistics.median(latencies), p99_ms=p99(latencies),
                cpu_ms=cpu_ms, cores=cores, load=load_average(), quiet=quiet)


def describe(step: Step) -> str:
    cpu = " + ".join(f"{c:.1f}" for c in step.cpu_ms)
    where = ", ".join(f"{k} {v:.2f}" for k, v in step.cores.items())
    return (f"  {step.offered:6.0f}/s offered | {step.answered:6.1f}/s answered "
            f"({step.presses} presses) | p50 {step.p50_ms:6.1f} ms, p99 {step.p99_ms:7.1f} ms "
            f"| CPU per press {cpu} ms\n"
            f"      cores busy: {where}; {step.load}; before it: {step.quiet}")


def ladder(count: int, rates: Sequence[float], args: argparse.Namespace,
           reach: float = 0.0) -> list[Step]:
    """One ladder on fresh storage and fresh replicas: rates up until saturated (and at least
    up to `reach`, so that two replicas are measured where one was saturated)."""
    name = f"{count} replica{'s' if count > 1 else ''}"
    print(f"\n== {name} (webhook, balancer, PostgreSQL + Redis), {args.seconds:.0f} s of load"
          f" a step ==", flush=True)
    steps: list[Step] = []
    with running_in_thread() as server, tempfile.TemporaryDirectory() as tmp:
        settings = fresh_settings("postgres", Path(tmp), redis_db=REDIS_DB, database=DATABASE)
        bots = Replicas(server, Path(tmp), count, settings, balancer=True).start()
        try:
            if args.pin:
                pin(bots)
            for n, rate in enumerate(rates):
                if os.getloadavg()[0] >= args.quiet:
                    print(f"  waiting for the 1-minute load average below {args.quiet} "
                          f"({load_average()})", flush=True)
                quiet = wait_quiet(args.quiet, args.patience)
                if quiet.startswith("gave up"):
                    print(f"  ({quiet})", flush=True)
                steps.append(measure(server, bots, rate, n, args.seconds, quiet))
                why = saturation(steps)
                print(describe(steps[-1]) + (f"\n      saturated: {why}" if why else ""),
                      flush=True)
                if why and rate >= reach:
                    break
        finally:
            bots.stop()
    return steps


def compare(one: list[Step], two: list[Step]) -> None:
    bound_one, bound_two = saturated_at(one), saturated_at(two)
    floor = "" if bound_two else ">= "  # two never saturated: its most is a floor
    print(f"\n== two / one ==\n  sustained throughput: one {sustained(one):.1f}/s"
          f"{'' if bound_one else ' (never saturated)'}, two {floor}{sustained(two):.1f}/s"
          f"{'' if bound_two else ' (never saturated)'}: "
          f"{floor}{sustained(two) / sustained(one):.2f}x (goal >= 1.8x)")
    if bound_one is None:
        print("  (one replica was never saturated, so this is no limit: raise --rates)")
    at = {s.offered: s for s in two}
    if bound_one is not None and bound_one.offered in at:
        other = at[bound_one.offered]
        print(f"  p99 where one replica was saturated ({bound_one.offered:.0f}/s offered): "
              f"one {bound_one.p99_ms:.0f} ms, two {other.p99_ms:.0f} ms: "
              f"{other.p99_ms / bound_one.p99_ms:.2f}x (goal <= 1)")
    print("  per offered rate: answered two/one, p99 two/one")
    for step in one:
        if step.offered in at:
            other = at[step.offered]
            print(f"  {step.offered:6.0f}/s: {other.answered / step.answered:.2f}x, "
                  f"{other.p99_ms / step.p99_ms:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rates", default="40,80,120,160,200,240",
                        help="offered presses/s, comma-separated, rising")
    parser.add_argument("--seconds", type=float, default=15.0, help="of load a step (<= 20)")
    parser.add_argument("--replicas", default="1,2", help="comma-separated ladders to run")
    parser.add_argument("--pin", action="store_true", help="replica i on CPU i (taskset)")
    parser.add_argument("--quiet", type=float, default=1.5,
                        help="wait for the 1-minute load average below this before a step")
    parser.add_argument("--patience", type=float, default=1200.0,
                        help="seconds to wait for it at most")
    args = parser.parse_args()
    rates = [float(r) for r in args.rates.split(",")]
    counts = [int(c) for c in args.replicas.split(",")]
    if rates != sorted(rates) or min(rates) <= 0 or min(counts) < 1:
        parser.error("--rates: positive and rising; --replicas: positive")
    print(f"presses through replicas, PostgreSQL + Redis; Python {sys.version.split()[0]}; "
          f"{load_average()}")
    ladders: dict[int, list[Step]] = {}
    for count in counts:
        bound = saturated_at(ladders.get(1, []))
        ladders[count] = ladder(count, rates, args, reach=bound.offered if bound else 0.0)
    if 1 in ladders and 2 in ladders:
        compare(ladders[1], ladders[2])
    print(f"\nend: {load_average()}")


if __name__ == "__main__":
    main()
