"""Storage speed of the repositories' hot paths, SQLite (a real file, WAL) next to PostgreSQL
(a fresh schema, dropped afterwards): FSM writes and reads, chat-log inserts, locale reads, 50
updates committing at once (group commit), and outbox claims.

    python bench/bench_storage.py                    # both, PostgreSQL at 127.0.0.1:5432/test
    BENCH_POSTGRES_URL=postgresql://… python bench/bench_storage.py
    BENCH_POSTGRES_URL= python bench/bench_storage.py   # SQLite only
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
import uuid
from pathlib import Path

from aiogram.fsm.storage.base import StorageKey

from storage import unit as uow
from storage.chat_log import ChatLogRepo
from storage.db import Database, open_database
from storage.fsm import SQLStorage
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo

N = 2_000
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


async def bench(db: Database) -> dict[str, float]:
    """Seconds per operation of each hot path."""
    fsm, log = SQLStorage(db, cache_size=1), ChatLogRepo(db)  # a cold cache: SQL each time
    people = PeopleRepo(db, fsm, cache_size=1)
    data = {"assessment": {"edition": "kz2014", "pos": 7,
                           "answers": {f"{b}.{c}": "y" for b in range(1, 5) for c in range(5)},
                           "skipped": [], "history": list(range(7))}}
    took: dict[str, float] = {}

    start = time.perf_counter()
    for i in range(N):
        await fsm.set_data(StorageKey(1, i, i), data)
    took["FSM set_data (commit each)"] = (time.perf_counter() - start) / N
    start = time.perf_counter()
    for i in range(N):
        await fsm.get_data(StorageKey(1, i, i))
    took["FSM get_data"] = (time.perf_counter() - start) / N
    start = time.perf_counter()
    for i in range(N):
        await log.remember(i % 100, i)
    took["chat log insert (commit each)"] = (time.perf_counter() - start) / N
    start = time.perf_counter()
    for i in range(N):
        await people.locale(i)
    took["people.locale"] = (time.perf_counter() - start) / N

    async def update(i: int) -> None:  # what one handled press writes, in its unit of work
        unit = uow.UnitOfWork(db)
        with uow.active(unit):
            await fsm.set_data(StorageKey(2, i, i), data)
            await log.remember(i, i)
        await unit.commit()

    rounds = N // 50
    start = time.perf_counter()
    for r in range(rounds):
        await asyncio.gather(*(update(r * 50 + i) for i in range(50)))
    took["50 updates at once (group commit), per update"] = (time.perf_counter() - start) / N

    outbox = OutboxRepo(db)
    await db.run([outbox.insert(5000 + i, "sendMessage", "{}", kind="bench") for i in range(N)])
    start = time.perf_counter()
    claimed = 0
    while rows := await outbox.claim(limit=50, owner="bench"):
        claimed += len(rows)
        await db.run([("UPDATE outbox SET state = 'sent' WHERE id = ?", (r.id,)) for r in rows])
    took["outbox claim 50 + mark sent, per row"] = (time.perf_counter() - start) / max(1, claimed)
    return took


async def on(where: Path | str) -> dict[str, float]:
    db = open_database(where)
    await db.connect()
    try:
        return await bench(db)
    finally:
        await db.close()


async def postgres() -> dict[str, float] | None:
    if not POSTGRES:
        return None
    import asyncpg

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    try:
        admin = await asyncpg.connect(POSTGRES)
    except (OSError, asyncpg.PostgresError) as exc:
        print(f"PostgreSQL at {POSTGRES} not used: {exc}")
        return None
    try:
        await admin.execute(f'CREATE SCHEMA "{schema}"')
        joiner = "&" if "?" in POSTGRES else "?"
        return await on(f"{POSTGRES}{joiner}search_path={schema}")
    finally:
        await admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await admin.close()


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = await on(Path(tmp) / "bench.db")
    pg = await postgres()
    print(f"{'operation':48} {'SQLite':>16} {'PostgreSQL':>16}")
    for name, seconds in sqlite.items():
        cells = [f"{1 / seconds:>9,.0f}/s {seconds * 1e3:5.2f}ms"]
        if pg is not None:
            cells.append(f"{1 / pg[name]:>9,.0f}/s {pg[name] * 1e3:5.2f}ms")
        print(f"{name:48} " + " ".join(cells))


if __name__ == "__main__":
    asyncio.run(main())
