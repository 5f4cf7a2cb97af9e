"""bench_load.py in webhook mode: the real bot process (or two replicas behind
sandbox/balancer.py) takes updates by POST from the stand-in Bot API, as from Telegram.
PEOPLE people answer the pre-assessment, one press every ~2 s each (each waits for the screen
before the next press). Per people count, on fresh storage: presses (updates) handled per
second, latency from the press to the bot's answer arriving at the stand-in (p50, p99, max),
and the bot's CPU per press.

    .venv/bin/python bench/bench_webhook.py [--dialogs memory|sqlite|redis|postgres]
        [--people 1,50,200] [--seconds 25] [--replicas 1|2] [--balancer]
        [--set WEBHOOK_MAX_CONNECTIONS=100 ...]

--dialogs: where the dialogs are (the rest of the data: SQLite, except postgres):
  memory    aiogram's MemoryStorage (bench/memory_dialogs.py), SQLite for the rest
  sqlite    the default settings
  redis     REDIS_URL=redis://127.0.0.1:6379/13 (flushed first)
  postgres  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/qorgau_bench (created afresh)
            and the Redis above: what replicas need
--replicas 2 (postgres only) runs two bot processes behind the balancer; --balancer puts the
balancer in front of one, to see what it costs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_load import Load  # noqa: E402
from scale import VARIANTS, Replicas, fresh_settings, load_average  # noqa: E402

from sandbox.fakeapi import running_in_thread  # noqa: E402


def measure(dialogs: str, people: int, seconds: float, replicas: int, balancer: bool,
            extra: dict[str, str]) -> str:
    with running_in_thread() as server, tempfile.TemporaryDirectory() as tmp:
        settings = {**fresh_settings(dialogs, Path(tmp)), **extra}
        bots = Replicas(server, Path(tmp), replicas, settings, memory=dialogs == "memory",
                        balancer=balancer).start()
        try:
            load = Load(server.tg, people)
            load.setup()
            cpu_before = bots.cpu()
            started = time.perf_counter()
            latencies, presses = load.run(seconds)
            elapsed = time.perf_counter() - started
            cpu = bots.cpu() - cpu_before
            errors = [p.status for p in server.tg.webhook_posts if p.status != 200]
        finally:
            bots.stop()
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    failed = f"; {len(errors)} POSTs not answered 200" if errors else ""
    return (f"{people:>4} | {presses / elapsed:7.1f} | {statistics.median(latencies):8.1f} | "
            f"{p99:8.1f} | {latencies[-1]:8.1f} | {cpu / presses * 1000:6.2f} | {presses:6d}"
            f" | {load_average()}{failed}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dialogs", choices=VARIANTS, default="sqlite")
    parser.add_argument("--people", default="1,50,200", help="comma-separated counts")
    parser.add_argument("--seconds", type=float, default=25.0)
    parser.add_argument("--replicas", type=int, choices=(1, 2), default=1)
    parser.add_argument("--balancer", action="store_true",
                        help="the balancer in front of one replica too")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting for the bot, e.g. WEBHOOK_MAX_CONNECTIONS=100")
    args = parser.parse_args()
    if args.replicas > 1 and args.dialogs != "postgres":
        parser.error("--replicas 2 needs --dialogs postgres (replicas share PostgreSQL+Redis)")
    extra = dict(item.split("=", 1) for item in args.set)
    front = "balancer, " if args.balancer or args.replicas > 1 else ""
    print(f"webhook mode, dialogs {args.dialogs}, {args.replicas} replica(s) ({front}"
          f"stand-in POSTs), a press every ~2 s per person, {args.seconds:.0f} s each;"
          f" {load_average()}")
    print("people | upd/s | p50 ms | p99 ms | max ms | CPU ms/upd | presses | load")
    for people in (int(p) for p in args.people.split(",")):
        print(measure(args.dialogs, people, args.seconds, args.replicas, args.balancer, extra),
              flush=True)


if __name__ == "__main__":
    main()
