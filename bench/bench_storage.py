"""SQLite storage speed on a real file (WAL): FSM writes and reads, chat-log inserts."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from aiogram.fsm.storage.base import StorageKey

from storage.chat_log import ChatLogRepo
from storage.db import Database
from storage.fsm import SQLStorage
from storage.people import PeopleRepo

N = 2_000


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(Path(tmp) / "bench.db")
        await db.connect()
        fsm, log = SQLStorage(db, cache_size=1), ChatLogRepo(db)  # a cold cache: SQL each time
        people = PeopleRepo(db, fsm, cache_size=1)
        data = {"assessment": {"edition": "kz2014", "pos": 7,
                               "answers": {f"{b}.{c}": "y" for b in range(1, 5) for c in range(5)},
                               "skipped": [], "history": list(range(7))}}
        start = time.perf_counter()
        for i in range(N):
            await fsm.set_data(StorageKey(1, i, i), data)
        write = time.perf_counter() - start
        start = time.perf_counter()
        for i in range(N):
            await fsm.get_data(StorageKey(1, i, i))
        read = time.perf_counter() - start
        start = time.perf_counter()
        for i in range(N):
            await log.remember(i % 100, i)
        logged = time.perf_counter() - start
        start = time.perf_counter()
        for i in range(N):
            await people.locale(i)
        looked = time.perf_counter() - start
        await db.close()
    for name, seconds in (("FSM set_data (commit each)", write), ("FSM get_data", read),
                          ("chat log insert (commit each)", logged), ("people.locale", looked)):
        print(f"{name}: {N / seconds:,.0f} ops/s ({seconds / N * 1e3:.3f} ms each)")


if __name__ == "__main__":
    asyncio.run(main())
