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
import collections
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scale import PG_URL, Replicas, fresh_settings, load_average  # noqa: E402

from bot.app import build_app  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from sandbox.fakeapi import RateLimits, ThreadedServer, running_in_thread  # noqa: E402
from tests.databases import query  # noqa: E402

LIMIT = 30
FIRST_ID = 3_000_000
PERSON = 2_999_999


async def prepare(server: ThreadedServer, settings: dict[str, str], subscribers: int) -> None:
    """Subscribers in the database and a broadcast started (its outbox rows written), as the
    admin's "Send now" leaves them; the replicas then send."""
    from aiogram.methods import SendMessage

    app = await build_app(load_settings(
        bot_token=server.tg.token, telegram_api_url=server.url, log_level="WARNING",
        **{k.lower(): v for k, v in settings.items()}))
    try:
        service = app.dp["broadcasts"]
        for n in range(subscribers):
            await service.subscriptions.subscribe(FIRST_ID + n, ("kk", "ru", "en")[n % 3])
        versions = {loc: SendMessage(chat_id=0, text=f"Жаңалық / Новость / News ({loc})")
                    for loc in ("kk", "ru", "en")}
        broadcast_id = await service.create(1, "all", versions)
        await service.start(await service.repo.get(broadcast_id))
    finally:
        await app.close()


class Replies:
    """A person writing /help every second during the broadcast: how long each reply takes."""

    def __init__(self, server: ThreadedServer) -> None:
        self.tg = server.tg
        self.delays: list[float] = []
        self.stop = threading.Event()
        self.tg.user(PERSON, "P", "ru")

    def run(self) -> None:
        while not self.stop.is_set():
            before = len(self.tg.bot_messages(PERSON))
            started = time.monotonic()
            self.tg.send_text(PERSON, "/help")
            while len(self.tg.bot_messages(PERSON)) == before and not self.stop.is_set():
                time.sleep(0.005)
            if not self.stop.is_set():
                self.delays.append((time.monotonic() - started) * 1000)
            self.stop.wait(1.0)


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

        def delivered() -> int:
            return len({int(c.params["chat_id"]) for c in tg.calls_to("sendMessage")
                        if c.status == 200 and int(c.params.get("chat_id", 0)) >= FIRST_ID})

        def settled() -> bool:  # every row sent or ended
            states = outbox_states()
            return states.get("queued", 0) + states.get("sending", 0) == 0

        killed_at = None
        if kill:
            while delivered() < subscribers // 2:
                time.sleep(0.05)
            bots.bots[0].kill()
            killed_at = time.monotonic() - started
        deadline = time.monotonic() + subscribers / LIMIT * 3 + 120
        while not (delivered() >= subscribers or settled()) and time.monotonic() < deadline:
            time.sleep(0.2)
        elapsed = time.monotonic() - started
        replies.stop.set()
        states = outbox_states()
        bots.stop()
        calls = [c for c in tg.calls_to("sendMessage")
                 if int(c.params.get("chat_id", 0)) >= FIRST_ID]
        per_chat = collections.Counter(int(c.params["chat_id"]) for c in calls
                                       if c.status == 200)
        too_many = sum(1 for c in tg.calls if c.status == 429)
        duplicates = sum(n - 1 for n in per_chat.values() if n > 1)
        losses = subscribers - len(per_chat)
        rate = len(per_chat) / elapsed
        sent_at = sorted(c.at for c in calls if c.status == 200)
        steady = (len(sent_at) - 1) / max(1e-9, sent_at[-1] - sent_at[0]) \
            if len(sent_at) > 1 else 0.0
        # The busiest 10 s: at most 30/s + the bucket's burst of 30 (33/s) under one shared
        # limit; two budgets of their own would reach 60/s.
        window = max((bisect.bisect_left(sent_at, t + 10.0) - i for i, t in enumerate(sent_at)),
                     default=0) / 10.0
        delays = sorted(replies.delays) or [0.0]
        p99 = delays[min(len(delays) - 1, int(len(delays) * 0.99))]
        kill_note = f" (killed at {killed_at:.1f} s)" if killed_at is not None else ""
    print(f"{label}: {subscribers} subscribers in {elapsed:.1f} s{kill_note}: "
          f"{rate:.1f} msg/s = {rate / LIMIT:.2f} of {LIMIT}/s with start-up, "
          f"{steady:.1f} msg/s = {steady / LIMIT:.2f} first send to last, busiest 10 s "
          f"{window:.1f} msg/s; 429 answers {too_many}; duplicates {duplicates}; losses {losses}; "
          f"outbox {dict(sorted(states.items()))}; reply during the broadcast p50 "
          f"{statistics.median(delays):.0f} ms, p99 {p99:.0f} ms ({len(replies.delays)}); "
          f"{load_average()}", flush=True)


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
