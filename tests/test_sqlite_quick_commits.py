"""SQLite's quick commits (issue #25): an update's few writes by key are committed on the event
loop's thread, with nothing there that can wait: another process's write lock sends them to
the writer's thread, work still in that thread is never run alongside, and the WAL is copied
back in the writer's thread, not by SQLite inside a commit."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

from storage import sqlite as engine
from storage.sqlite import CHECKPOINT_EVERY, SqliteDatabase

ROW = "INSERT INTO bot_state (name, value) VALUES (?, ?)"


async def _opened(path: Path) -> SqliteDatabase:
    db = SqliteDatabase(path)
    await db.connect()
    return db


async def _names(db: SqliteDatabase, prefix: str) -> set[str]:
    rows = await db.fetchall("SELECT name FROM bot_state WHERE name LIKE ?", (prefix + "%",))
    return {r[0] for r in rows}


def test_a_quick_commit_waits_for_another_process_off_the_event_loop(tmp_path: Path) -> None:
    """Another process holds the write lock for 0.5 s: the quick commit lands after it lets go,
    and meanwhile the event loop keeps turning (no step of it blocked for 0.1 s)."""

    async def check() -> None:
        db = await _opened(tmp_path / "q.db")
        other = sqlite3.connect(tmp_path / "q.db", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        commit = asyncio.create_task(db.run([(ROW, ("quick-1", "v"))], quick=True))
        gaps, last = [], time.monotonic()
        while time.monotonic() - last < 0.5 + 0.2 and len(gaps) < 50:
            await asyncio.sleep(0.01)
            gaps.append(time.monotonic() - last)
            last = time.monotonic()
        assert max(gaps) < 0.1 and not commit.done()
        other.execute("COMMIT")
        other.close()
        assert await asyncio.wait_for(commit, 5) == [1]
        assert await _names(db, "quick-") == {"quick-1"}
        await db.close()

    asyncio.run(check())


def test_work_left_in_the_writers_thread_is_never_run_alongside(tmp_path: Path) -> None:
    """A caller cancelled while its transaction still runs in the writer's thread gives the
    write lock back at once; a quick commit then queues behind that work in the thread rather
    than use the connection beside it (which SQLite would refuse: a transaction within a
    transaction, or worse, its statements inside the other's)."""

    async def check() -> None:
        db = await _opened(tmp_path / "q.db")

        def slow(conn: sqlite3.Connection) -> None:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(ROW, ("slow", "v"))
            time.sleep(0.3)
            conn.execute("COMMIT")

        async def hold_and_leave() -> None:
            async with db._write_lock:
                await db.in_writer_thread(slow)

        left = asyncio.create_task(hold_and_leave())
        await asyncio.sleep(0.05)
        left.cancel()
        await asyncio.gather(left, return_exceptions=True)
        assert await db.run([(ROW, ("quick-after", "v"))], quick=True) == [1]
        assert await _names(db, "") >= {"slow", "quick-after"}
        await db.close()

    asyncio.run(check())


def test_the_wal_is_copied_back_by_passive_checkpoints(tmp_path: Path) -> None:
    """SQLite's own checkpoint (which may wait on the disk inside a commit) is off on the
    writer; every CHECKPOINT_EVERY commits the writer's thread copies the WAL back, so it is
    reused rather than grown: after 5x that many commits it holds no more than a round's
    pages. A reopened database has every row."""

    async def check() -> None:
        db = await _opened(tmp_path / "q.db")
        value = "x" * 3000  # about a page a commit
        for n in range(5 * CHECKPOINT_EVERY):
            await db.run([(ROW, (f"row-{n}", value))], quick=True)
            await asyncio.sleep(0)  # the checkpoint runs beside, as under load
        await asyncio.sleep(0.2)
        wal = (tmp_path / "q.db-wal").stat().st_size
        assert wal < 3 * CHECKPOINT_EVERY * 2 * 4096, wal
        async with db._write_lock:
            assert await db.in_writer_thread(
                lambda c: c.execute("PRAGMA wal_autocheckpoint").fetchone()[0]) == 0
        await db.close()
        again = await _opened(tmp_path / "q.db")
        assert len(await _names(again, "row-")) == 5 * CHECKPOINT_EVERY
        await again.close()

    asyncio.run(check())


def test_a_refused_quick_group_is_undone_alone(tmp_path: Path) -> None:
    """As in the writer's thread: of a group committed together, the batch with a refused
    statement is undone and gets its error, the others commit."""

    async def check() -> None:
        db = await _opened(tmp_path / "q.db")
        await db.run([(ROW, ("taken", "v"))], quick=True)
        results = await db._commit_group([[(ROW, ("a", "v"))], [(ROW, ("taken", "v"))],
                                          [(ROW, ("b", "v"))]], quick=True)
        assert results[0] == [1] and isinstance(results[1], sqlite3.IntegrityError)
        assert results[2] == [1]
        assert await _names(db, "") >= {"a", "b", "taken"}
        assert engine.BUSY_MS >= 1000  # the writer's thread waits for a lock, the loop never
        await db.close()

    asyncio.run(check())
