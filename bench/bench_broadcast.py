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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiogram.methods import SendMessage  # noqa: E402

from bot.app import build_app  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from sandbox.fakeapi import RateLimits, ThreadedServer, running_in_thread  # noqa: E402
from tests.harness import BotProcess  # noqa: E402

LIMIT = 30
FIRST_ID = 3_000_000
PERSON = 2_999_999


async def prepare(server: ThreadedServer, data: Path, subscribers: int) -> None:
    """Subscribers in the database and a broadcast started (its outbox rows written), as the
    admin's "Send now" leaves them; the bot process then sends."""
    settings = load_settings(bot_token=server.tg.token, telegram_api_url=server.url,
                             database_url=f"sqlite:///{data}/qorgau.db", log_level="WARNING")
    app = await build_app(settings)
    try:
        service = app.dp["broadcasts"]
        for n in range(subscribers):
            await service.subscriptions.subscribe(FIRST_ID + n, ("kk", "ru", "en")[n % 3])
        versions = {loc: SendMessage(chat_id=0, text=f"Жаңалық / Новость / News ({loc})")
                    for loc in ("kk", "ru", "en")}
        broadcast_id = await service.create(1, "all", versions)
        broadcast = await service.repo.get(broadcast_id)
        await service.start(broadcast)
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


def run(subscribers: int, latency: float, kills: int) -> None:
    with running_in_thread() as server, tempfile.TemporaryDirectory() as tmp:
        tg = server.tg
        for n in range(subscribers):
            tg.user(FIRST_ID + n, "S", "ru", started=True)
        asyncio.run(prepare(server, Path(tmp), subscribers))
        tg.set_rate_limits(RateLimits(global_per_second=LIMIT))
        tg.set_latency(latency)
        bot = BotProcess.for_server(server, tmp, extra_env={
            "LOG_LEVEL": "WARNING", "SEND_RATE": str(LIMIT)})
        replies = Replies(server)
        started = time.monotonic()
        bot.start()
        watcher = threading.Thread(target=replies.run, daemon=True)
        watcher.start()

        def delivered() -> int:
            return len({int(c.params["chat_id"]) for c in tg.calls_to("sendMessage")
                        if c.status == 200 and int(c.params.get("chat_id", 0)) >= FIRST_ID})

        def settled() -> bool:  # every row sent or ended (an uncertain one is not resent)
            import sqlite3

            with sqlite3.connect(Path(tmp) / "qorgau.db") as db:
                return db.execute("SELECT COUNT(*) FROM outbox WHERE kind = 'broadcast' AND"
                                  " state IN ('queued', 'sending')").fetchone()[0] == 0

        for k in range(kills):
            target = subscribers * (k + 1) // (kills + 1)
            while delivered() < target:
                time.sleep(0.05)
            bot.kill()
            bot.start()
        deadline = time.monotonic() + subscribers / LIMIT * 3 + 60
        while not (delivered() >= subscribers or settled()) and time.monotonic() < deadline:
            time.sleep(0.1)
        elapsed = time.monotonic() - started
        replies.stop.set()
        bot.stop()
        calls = [c for c in tg.calls_to("sendMessage") if int(c.params.get("chat_id", 0))
                 >= FIRST_ID]
        per_chat = collections.Counter(int(c.params["chat_id"]) for c in calls
                                       if c.status == 200)
        too_many = sum(1 for c in tg.calls if c.status == 429)
        duplicates = sum(n - 1 for n in per_chat.values() if n > 1)
        losses = subscribers - len(per_chat)
        rate = len(per_chat) / elapsed
        sent_at = sorted(c.at for c in calls if c.status == 200)
        steady = (len(sent_at) - 1) / max(1e-9, sent_at[-1] - sent_at[0]) if len(sent_at) > 1 \
            else 0.0
        delays = sorted(replies.delays) or [0.0]
        p99 = delays[min(len(delays) - 1, int(len(delays) * 0.99))]
        label = "undisturbed" if not kills else f"killed {kills}x"
        print(f"{label}: {subscribers} subscribers in {elapsed:.1f} s: {rate:.1f} msg/s = "
              f"{rate / LIMIT:.2f} of the {LIMIT}/s limit with start-up, {steady / LIMIT:.2f} from"
              f" the first send to the last; 429 answers "
              f"{too_many}; duplicates {duplicates}; losses {losses}; a person's reply during "
              f"the broadcast: p50 {statistics.median(delays):.0f} ms, p99 {p99:.0f} ms "
              f"({len(replies.delays)} replies)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args()
    run(args.subscribers, args.latency, kills=0)
    run(args.subscribers, args.latency, kills=2)


if __name__ == "__main__":
    main()
