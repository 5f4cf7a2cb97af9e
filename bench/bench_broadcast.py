"""A broadcast to many subscribers through the real bot process, against the stand-in Bot API
with Telegram's limits (30 messages a second in all, 1 a second per chat) and 50 ms of latency
per call. Prints the achieved rate as a fraction of the limit, 429 answers, duplicates and
losses — once undisturbed, once with the process killed (kill -9) twice during the run — and
the p99 delay of a person's reply while the broadcast runs.

    .venv/bin/python bench/bench_broadcast.py [--subscribers 10000] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiogram.methods import SendMessage  # noqa: E402

from bot.app import build_app  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from sandbox.fakeapi import (  # noqa: E402
    FakeTelegram,
    RateLimits,
    ThreadedServer,
    running_in_thread,
)
from tests.databases import query  # noqa: E402
from tests.harness import BotProcess  # noqa: E402

LIMIT = 30
FIRST_ID = 3_000_000
PERSON = 2_999_999


async def prepare(server: ThreadedServer, settings: dict[str, str], subscribers: int) -> None:
    """Subscribers in the database and a broadcast started (its outbox rows written), as the
    admin's "Send now" leaves them; the bot process (or the replicas) then send. `settings`:
    the bot's, named as in its environment (DATABASE_URL, ...)."""
    app = await build_app(load_settings(
        bot_token=server.tg.token, telegram_api_url=server.url, log_level="WARNING",
        **{name.lower(): value for name, value in settings.items()}))
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
    """A person writing to the bot every second during the broadcast: how long each reply
    takes."""

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


def delivered(tg: FakeTelegram) -> int:
    """Subscribers who got the broadcast so far."""
    return len({int(c.params["chat_id"]) for c in tg.calls_to("sendMessage")
                if c.status == 200 and int(c.params.get("chat_id", 0)) >= FIRST_ID})


@dataclass(frozen=True)
class Tally:
    rate: float  # subscribers reached a second, start-up included
    steady: float  # messages a second from the first send to the last
    sent_at: list[float]  # when each message was accepted
    too_many: int  # 429 answers
    duplicates: int
    losses: int
    reply_p50: float  # a person's reply during the broadcast, ms
    reply_p99: float
    replies: int

    def summary(self) -> str:
        return (f"{self.rate:.1f} msg/s = {self.rate / LIMIT:.2f} of {LIMIT}/s with start-up, "
                f"{self.steady:.1f} msg/s = {self.steady / LIMIT:.2f} first send to last; 429"
                f" answers {self.too_many}; duplicates {self.duplicates}; losses {self.losses};"
                f" a person's reply during the broadcast p50 {self.reply_p50:.0f} ms, p99"
                f" {self.reply_p99:.0f} ms ({self.replies} replies)")


def tally(tg: FakeTelegram, subscribers: int, elapsed: float, replies: Replies) -> Tally:
    calls = [c for c in tg.calls_to("sendMessage") if int(c.params.get("chat_id", 0))
             >= FIRST_ID]
    per_chat = collections.Counter(int(c.params["chat_id"]) for c in calls if c.status == 200)
    sent_at = sorted(c.at for c in calls if c.status == 200)
    steady = (len(sent_at) - 1) / max(1e-9, sent_at[-1] - sent_at[0]) if len(sent_at) > 1 \
        else 0.0
    delays = sorted(replies.delays) or [0.0]
    return Tally(rate=len(per_chat) / elapsed, steady=steady, sent_at=sent_at,
                 too_many=sum(1 for c in tg.calls if c.status == 429),
                 duplicates=sum(n - 1 for n in per_chat.values() if n > 1),
                 losses=subscribers - len(per_chat), reply_p50=statistics.median(delays),
                 reply_p99=delays[min(len(delays) - 1, int(len(delays) * 0.99))],
                 replies=len(replies.delays))


def run(subscribers: int, latency: float, kills: int) -> None:
    with running_in_thread() as server, tempfile.TemporaryDirectory() as tmp:
        tg = server.tg
        for n in range(subscribers):
            tg.user(FIRST_ID + n, "S", "ru", started=True)
        bot = BotProcess.for_server(server, tmp, extra_env={
            "LOG_LEVEL": "WARNING", "SEND_RATE": str(LIMIT)})
        asyncio.run(prepare(server, {"DATABASE_URL": bot.database_url}, subscribers))
        tg.set_rate_limits(RateLimits(global_per_second=LIMIT))
        tg.set_latency(latency)
        replies = Replies(server)
        started = time.monotonic()
        bot.start()
        watcher = threading.Thread(target=replies.run, daemon=True)
        watcher.start()

        def settled() -> bool:  # every row sent or ended (an uncertain one is not resent)
            return query(bot.database, "SELECT COUNT(*) FROM outbox WHERE kind = 'broadcast'"
                         " AND state IN ('queued', 'sending')") == [(0,)]

        for k in range(kills):
            target = subscribers * (k + 1) // (kills + 1)
            while delivered(tg) < target:
                time.sleep(0.05)
            bot.kill()
            bot.start()
        deadline = time.monotonic() + subscribers / LIMIT * 3 + 60
        while not (delivered(tg) >= subscribers or settled()) and time.monotonic() < deadline:
            time.sleep(0.1)
        elapsed = time.monotonic() - started
        replies.stop.set()
        bot.stop()
        label = "undisturbed" if not kills else f"killed {kills}x"
        print(f"{label}: {subscribers} subscribers in {elapsed:.1f} s: "
              f"{tally(tg, subscribers, elapsed, replies).summary()}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args()
    run(args.subscribers, args.latency, kills=0)
    run(args.subscribers, args.latency, kills=2)


if __name__ == "__main__":
    main()
