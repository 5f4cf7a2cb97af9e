"""Issue #25's yardstick: Qorgau against the bare aiogram bot (bench/bare_bot.py, MemoryStorage,
no database) under the same presses (bench_load.py's: each person presses the pre-assessment
about every 2 s), in turns on the same machine: A B, then B A, so drift cancels. Per people
count and backend: each round's ratio Qorgau / bare of the bot process's CPU per press and of
the p50 and p99 latency (press -> answer at the stand-in Bot API), their min / median / max,
each side's medians, and the 1-minute load average before and after. Then start-up (process
start -> first getUpdates: wall, and the process's CPU then) and idle RSS (after --idle s),
taken from each run's start, so also in turns.

    .venv/bin/python bench/bench_pair.py [--people 1,50,200] [--backend sqlite,scale]
        [--rounds 3] [--seconds 20] [--min-presses 101] [--idle 3] [--gc-pauses] [--repo PATH]

Defaults: 200 people on SQLite, 3 rounds of 20 s (about 4 minutes). --backend scale is
PostgreSQL + Redis (an empty database qorgau_pair and Redis db 12 every run); there the CPU is
the bot process's only, not the servers'. --min-presses stretches a run for few people so that
it has that many presses (1 person: 220 s a run, about 22 minutes for 3 rounds), since a p99
needs more than 100; with 100 or fewer the p99 printed is the largest latency, and it says so
(--min-presses 0 for a quick look). --gc-pauses loads bench/gc_probe into
both processes and prints the generation-1 and -2 collections during the load. --repo runs
Qorgau from another checkout (a git worktree of an earlier commit).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import version
from pathlib import Path

from bench_load import ROOT
from pair_run import BACKENDS, BenchError, Run, measure

Pair = tuple[Run, Run]  # (Qorgau, bare) of one round
LOAD_METRICS: tuple[tuple[str, Callable[[Run], float]], ...] = (
    ("CPU per press, ms", lambda r: r.cpu_ms),
    ("p50 latency, ms", lambda r: r.p50_ms),
    ("p99 latency, ms", lambda r: r.p99_ms),
)
START_METRICS: tuple[tuple[str, Callable[[Run], float]], ...] = (
    ("start-up to 1st getUpdates, s", lambda r: r.startup_s),
    ("CPU at 1st getUpdates, s", lambda r: r.startup_cpu_s),
    ("idle RSS, MB", lambda r: r.idle_rss_mb),
)


def load_average() -> str:
    return f"load average (1 min) {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"


def spread(values: Sequence[float]) -> str:
    return f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f}"


def table(pairs: list[Pair], metrics: tuple[tuple[str, Callable[[Run], float]], ...]) -> None:
    print(f"  {'':31} {'Qorgau':>8} {'bare':>8}   ratio Qorgau/bare")
    print(f"  {'metric (medians)':31} {'median':>8} {'median':>8}   "
          f"{'per round':<24} min / median / max")
    for name, value in metrics:
        ratios = [value(q) / value(b) for q, b in pairs]
        per_round = " ".join(f"{r:.2f}" for r in ratios)
        print(f"  {name:31} {statistics.median(value(q) for q, _ in pairs):8.2f} "
              f"{statistics.median(value(b) for _, b in pairs):8.2f}   "
              f"{per_round:<24} {spread(ratios)}")


def describe(run: Run) -> str:
    return (f"{run.presses:5d} presses, CPU {run.cpu_ms:5.2f} ms/press, "
            f"p50 {run.p50_ms:6.1f}, p99 {run.p99_ms:6.1f} ms")


def gc_line(side: str, runs: list[Run], seconds: float) -> str:
    parts = []
    for gen in ("1", "2"):
        stats = [r.gc[gen] for r in runs if r.gc]
        if not stats:
            return f"  {side}: no garbage-collector counts"
        rate = statistics.median(s["count"] for s in stats) / seconds
        longest = max(s["max_ms"] for s in stats)
        longest_cpu = max(s["max_cpu_ms"] for s in stats)
        total = statistics.median(s["total_ms"] for s in stats) / seconds
        parts.append(f"gen {gen}: {rate:.2f} passes/s, longest {longest:.1f} ms "
                     f"(CPU {longest_cpu:.1f}), {total:.1f} ms paused a second")
    return f"  {side:6} " + "; ".join(parts)


def run_configuration(backend: str, people: int, args: argparse.Namespace) -> list[Pair]:
    seconds = max(args.seconds, args.min_presses * 2.2 / people)  # a press per ~2.0-2.2 s
    cpu_note = " (CPU: the bot process only; PostgreSQL's and Redis's is not counted)" \
        if backend == "scale" else ""
    print(f"\n== {people} people on {BACKENDS[backend]}{cpu_note}: {args.rounds} rounds of "
          f"{seconds:.0f} s each side, a press every ~2 s a person ==")
    print(f"  start: {load_average()}", flush=True)
    pairs: list[Pair] = []
    for n in range(args.rounds):
        bare_first = n % 2 == 1
        runs = {}
        for bare in ((True, False) if bare_first else (False, True)):
            runs[bare] = measure(bare, backend, people, seconds, idle=args.idle,
                                 gc_pauses=args.gc_pauses, repo=args.repo)
        qorgau, bare_run = runs[False], runs[True]
        pairs.append((qorgau, bare_run))
        print(f"  round {n + 1} ({'bare' if bare_first else 'Qorgau'} first): "
              f"Qorgau {describe(qorgau)} | bare {describe(bare_run)}", flush=True)
    table(pairs, LOAD_METRICS)
    fewest = min(min(q.presses, b.presses) for q, b in pairs)
    if fewest <= 100:  # bench_load.p99: the largest of 100 or fewer
        print(f"  (p99 here is the largest latency: a run had only {fewest} presses; "
              f"--min-presses 101 or more gives a true one)")
    if args.gc_pauses:
        print("  garbage collection during the load (medians of the rounds, longest of all;"
              " a pause is wall time, its CPU in brackets):")
        print(gc_line("Qorgau", [q for q, _ in pairs], seconds))
        print(gc_line("bare", [b for _, b in pairs], seconds))
    print(f"  end: {load_average()}", flush=True)
    return pairs


def report_startup(backend: str, pairs: list[Pair], idle: float) -> None:
    path = "its default path: SQLite, nothing else configured" if backend == "sqlite" \
        else "PostgreSQL + Redis configured"
    print(f"\n== start-up and idle RSS (after {idle:.0f} s idle), Qorgau on {path}, "
          f"vs the bare bot: {len(pairs)} pair(s), the starts of the runs above ==")
    table(pairs, START_METRICS)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", default="200", help="comma-separated, e.g. 1,50,200")
    parser.add_argument("--backend", default="sqlite",
                        help="comma-separated: sqlite, scale (PostgreSQL + Redis)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=20.0, help="of load per run")
    parser.add_argument("--min-presses", type=int, default=101,
                        help="stretch a run with few people to this many presses")
    parser.add_argument("--idle", type=float, default=3.0,
                        help="seconds after the first getUpdates before the RSS is read")
    parser.add_argument("--gc-pauses", action="store_true",
                        help="also count generation-1/2 collections (bench/gc_probe)")
    parser.add_argument("--repo", type=Path, default=ROOT, help="Qorgau's checkout")
    args = parser.parse_args()
    try:
        args.people = [int(p) for p in args.people.split(",")]
    except ValueError:
        parser.error(f"--people: whole numbers separated by commas, not {args.people!r}")
    args.backend = args.backend.split(",")
    if unknown := [b for b in args.backend if b not in BACKENDS]:
        parser.error(f"--backend: sqlite or scale, not {', '.join(unknown)}")
    if min(args.people) < 1 or args.rounds < 1 or args.seconds <= 0:
        parser.error("--people, --rounds and --seconds must be positive")
    if not (args.repo / "bot").is_dir():
        parser.error(f"--repo: no Qorgau checkout at {args.repo}")
    args.repo = args.repo.resolve()
    return args


def main() -> None:
    args = parse_args()
    print(f"Qorgau ({args.repo.name}) vs bare aiogram {version('aiogram')} (MemoryStorage), "
          f"in turns; Python {sys.version.split()[0]}; {load_average()}")
    starts: dict[str, list[Pair]] = {}
    try:
        for backend in args.backend:
            for people in args.people:
                starts.setdefault(backend, []).extend(run_configuration(backend, people, args))
    except BenchError as exc:
        sys.exit(f"bench_pair: {exc}")
    for backend, pairs in starts.items():
        report_startup(backend, pairs, args.idle)


if __name__ == "__main__":
    main()
