"""A broadcast through one and through two bot replicas under Telegram's one limit for the bot
(30 messages a second in all, 1 a second per chat, enforced by the stand-in with 50 ms per
call). The replicas share PostgreSQL (the outbound queue, claimed with leases) and Redis (the
send budget), and sit in webhook mode behind sandbox/balancer.py (two processes cannot both
long-poll). Prints messages delivered per second (and as a fraction of 30/s), 429 answers,
duplicates and losses, and a person's reply delay during the broadcast, for:

  1 replica; 2 replicas; 2 replicas with one killed (kill -9) halfway and not restarted.

The rows a killed replica had claimed are the other's once their lease runs out (LEASE_MS,
15 s, storage/outbox.py), so that run takes a little longer.

    .venv/bin/python bench/bench_replicas.py [--subscribers 3000] [--latency 0.05]
        [--runs 1,2,2kill]
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_broadcast import FIRST_ID, LIMIT, Replies, delivered, prepare, tally  # noqa: E402
from scale import PG_URL, Replicas, fresh_settings, load_average  # noqa: E402

from sandbox.fakeapi import RateLimits, running_in_thread  # noqa: E402
from tests.databases import query  # noqa: E402


def outbox_states() -> dict[str, int]:
    rows = query(PG_URL, "SELECT state, COUNT(*) FROM outbox WHERE kind = 'broadcast'"
                 " GROUP BY state")
    return {str(state): int(n) for state, n in rows}


def run(subscribers: int, latency: float, replicas: int, kill: bool) -> None:
    label = f"{replicas} replica{'s' if replicas > 1 else ''}" + \
        (", one killed halfway" if kill else "")
    with running_in_thread() as server, tempfile.TemporaryDirectory() as tmp:
        tg = server.tg
        settings = {**fresh_settings("postgres", Path(tmp)), "SEND_RATE": str(LIMIT)}
        for n in range(subscribers):
            tg.user(FIRST_ID + n, "S", "ru", started=True)
        asyncio.run(prepare(server, settings, subscribers))
        tg.set_rate_limits(RateLimits(global_per_second=LIMIT))
        tg.set_latency(latency)
        bots = Replicas(server, Path(tmp), replicas, settings)
        replies = Replies(server)
        started = time.monotonic()
        bots.start()
        watcher = threading.Thread(target=replies.run, daemon=True)
        watcher.start()

        def settled() -> bool:  # every row sent or ended
            states = outbox_states()
            return states.get("queued", 0) + states.get("sending", 0) == 0

        killed_at = None
        if kill:
            while delivered(tg) < subscribers // 2:
                time.sleep(0.05)
            bots.bots[0].kill()
            killed_at = time.monotonic() - started
        deadline = time.monotonic() + subscribers / LIMIT * 3 + 120
        while not (delivered(tg) >= subscribers or settled()) and time.monotonic() < deadline:
            time.sleep(0.2)
        elapsed = time.monotonic() - started
        replies.stop.set()
        states = outbox_states()
        bots.stop()
        result = tally(tg, subscribers, elapsed, replies)
        # The busiest 10 s: at most 30/s + the bucket's burst of 30 (33/s) under one shared
        # limit; two budgets of their own would reach 60/s.
        sent_at = result.sent_at
        window = max((bisect.bisect_left(sent_at, t + 10.0) - i for i, t in enumerate(sent_at)),
                     default=0) / 10.0
        kill_note = f" (killed at {killed_at:.1f} s)" if killed_at is not None else ""
    print(f"{label}: {subscribers} subscribers in {elapsed:.1f} s{kill_note}: "
          f"{result.summary()}; busiest 10 s {window:.1f} msg/s; outbox "
          f"{dict(sorted(states.items()))}; {load_average()}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=3000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--runs", default="1,2,2kill", help="comma-separated: 1, 2, 2kill")
    args = parser.parse_args()
    for name in args.runs.split(","):
        run(args.subscribers, args.latency, replicas=int(name[0]), kill=name.endswith("kill"))


if __name__ == "__main__":
    main()
