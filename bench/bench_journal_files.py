"""Journal attachments under load (issue #26): does storing 5 MB photos cost anyone's next
answer? The real bot process against the stand-in Bot API, on SQLite:

- RECORDERS people each send a 5 MB photo (real contents, so the bot downloads, hashes and
  seals it) into a journal entry about every 2 s; their latency is photo -> the bot's edit of
  their screen (the next answer: the file counted), while the downloads run behind;
- PEOPLE others press through the pre-assessment every ~2 s (bench_load's load); their
  latency is press -> answer.

Prints both p50 / p99 / max, the files stored and the bytes kept per recorder, and the same
presses without the recorders for comparison (a run each, in turns).

    .venv/bin/python bench/bench_journal_files.py [--people 50] [--recorders 3]
        [--seconds 30] [--size-mb 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

from bench_load import ROOT, Load, cpu_seconds, p99, start_bot

from bot.journal.states import SKIP, JournalGo, JournalScreen, JournalSet
from dialogs.journal import STEPS, Field
from sandbox.fakeapi import Event, FakeTelegram, running_in_thread

PER_ENTRY = 20  # photos before the recorder starts a new entry (the limit is 30)


class Recorders:
    """People sending photos into their journal's draft, one at a time each."""

    def __init__(self, tg: FakeTelegram, count: int, size: int, first: int = 900_000) -> None:
        self.tg, self.users = tg, list(range(first, first + count))
        self.photo = os.urandom(size)
        self.latencies: list[float] = []
        self.edited: dict[int, float] = {}
        self.answered: set[str] = set()
        self.lock = threading.Lock()
        tg.add_listener(self._on_event)

    def _on_event(self, event: Event) -> None:
        with self.lock:
            if event.kind == "edit" and event.chat_id in self.users:
                self.edited[event.chat_id] = time.perf_counter()
            elif event.kind == "answer":
                self.answered.add(event.detail["query_id"])

    def to_media_step(self, user: int) -> None:
        """/journal, a new entry, its first five steps skipped: the step that takes files."""
        before = len(self.tg.bot_messages(user))
        self.tg.send_text(user, "/journal")
        self.tg.wait_for(lambda: len(self.tg.bot_messages(user)) > before, timeout=30)
        screen = self.tg.bot_messages(user)[-1].message_id
        self.press(user, screen, JournalGo(to=JournalScreen.NEW).pack())
        for field in STEPS[:STEPS.index(Field.MEDIA)]:
            self.press(user, screen, JournalSet(f=field, v=SKIP).pack())

    def press(self, user: int, message_id: int, data: str) -> None:
        query = self.tg.press(user, message_id, data)

        def answered() -> bool:
            with self.lock:
                return query in self.answered

        self.tg.wait_for(answered, timeout=30)

    def setup(self) -> None:
        for user in self.users:
            self.tg.user(user, "R", "ru")
            self.tg.send_text(user, "/start")
        self.tg.wait_for(lambda: all(self.tg.bot_messages(u) for u in self.users), timeout=60)
        for user in self.users:
            self.to_media_step(user)

    def run(self, seconds: float) -> None:
        begin = time.perf_counter()
        sent = dict.fromkeys(self.users, 0)
        while time.perf_counter() - begin < seconds:
            for user in self.users:
                if sent[user] and sent[user] % PER_ENTRY == 0:
                    self.press(user, self.tg.bot_messages(user)[-1].message_id,
                               JournalGo(to=JournalScreen.DISCARD).pack())
                    self.to_media_step(user)
                with self.lock:
                    self.edited.pop(user, None)
                started = time.perf_counter()
                self.tg.send_media(user, "photo", content=self.photo)
                deadline = started + 30
                while time.perf_counter() < deadline:
                    with self.lock:
                        done = self.edited.get(user)
                    if done is not None:
                        self.latencies.append((done - started) * 1000)
                        break
                    time.sleep(0.002)
                sent[user] += 1
            time.sleep(max(0.0, 2.0 - len(self.users) * 0.05))


def spread(values: list[float]) -> str:
    values = sorted(values)
    return (f"p50 {statistics.median(values):6.1f} ms, p99 {p99(values):6.1f} ms, "
            f"max {values[-1]:6.1f} ms ({len(values)})") if values else "none"


def measure(people: int, recorders: int, seconds: float, size: int) -> None:
    with running_in_thread() as server, tempfile.TemporaryDirectory() as tmp:
        tg = server.tg
        bot = start_bot(ROOT, server.url, tg.token, Path(tmp))
        try:
            tg.wait_polling(timeout=30)
            load = Load(tg, people)
            load.setup()
            photos = Recorders(tg, recorders, size) if recorders else None
            if photos is not None:
                photos.setup()
                thread = threading.Thread(target=photos.run, args=(seconds,), daemon=True)
            cpu = cpu_seconds(bot.pid)
            if photos is not None:
                thread.start()
            latencies, _ = load.run(seconds)
            if photos is not None:
                thread.join()
            cpu = cpu_seconds(bot.pid) - cpu
            time.sleep(3)  # the last downloads
            stored = int(bot_query(Path(tmp), "SELECT COUNT(*) FROM journal_files"
                                   " WHERE state = 'stored'"))
        finally:
            bot.terminate()
            bot.wait(30)
    what = f"{recorders} recorders of {size // 2**20} MB photos" if recorders else "no photos"
    print(f"{people} people pressing, {what}, {seconds:.0f} s: bot CPU {cpu:.1f} s")
    print(f"  presses: {spread(latencies)}")
    if photos is not None:
        print(f"  photo -> next answer: {spread(photos.latencies)}; stored {stored} files")


def bot_query(data: Path, sql: str) -> object:
    import sqlite3

    with sqlite3.connect(data / "q.db") as db:
        return db.execute(sql).fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--recorders", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--size-mb", type=float, default=5.0)
    args = parser.parse_args()
    size = int(args.size_mb * 2**20)
    print(f"load average (1 min) {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    measure(args.people, args.recorders, args.seconds, size)
    measure(args.people, 0, args.seconds, size)


if __name__ == "__main__":
    main()
