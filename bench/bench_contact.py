"""What safe contact (issue #23) costs on the hot paths, SQLite (a real file, WAL): the pause
check a person's /start, menu press or typed message pays (`ContactRepo.get`), and the outbound
worker's read of due rows with some chats paused (the claim skips them with NOT EXISTS).

    python bench/bench_contact.py
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from storage.contact import ContactRepo
from storage.db import SqliteDatabase
from storage.outbox import OutboxRepo

CHATS, QUEUED, PAUSED_EVERY = 200, 2_000, 10
READS, DUES = 5_000, 200


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = SqliteDatabase(Path(folder) / "bench.db")
        await db.connect()
        contact, outbox = ContactRepo(db), OutboxRepo(db)
        for n in range(QUEUED):
            await outbox.enqueue(1000 + n % CHATS, "sendMessage", "{}", kind="bench")
        for n in range(0, CHATS, PAUSED_EVERY):
            await contact.pause(1000 + n, "exit")
        start = time.perf_counter()
        for n in range(READS):  # half of them people with no row at all
            await contact.get(1000 + n % (2 * CHATS))
        per_read = (time.perf_counter() - start) / READS * 1e6
        start = time.perf_counter()
        for _ in range(DUES):
            await outbox.due(50)
        per_due = (time.perf_counter() - start) / DUES * 1e3
        await db.close()
    print(f"pause check (ContactRepo.get): {per_read:.0f} µs a call")
    print(f"outbox.due(50), {QUEUED} queued, {CHATS // PAUSED_EVERY} of {CHATS} chats paused:"
          f" {per_due:.2f} ms a call")


if __name__ == "__main__":
    asyncio.run(main())
