"""The database on SQLite: WAL mode through aiosqlite, the default engine (storage.engine has
the interface; storage.db.open_database chooses this one for a path or sqlite:///path).

Two connections, each with its own thread (aiosqlite):
- the writer, owned by one transaction at a time (an asyncio lock), so a unit of work that fails
  rolls back only its own statements and nothing else commits in between;
- the reader, for reads outside a transaction: WAL gives it the last committed snapshot, never
  another coroutine's half-done work.

A *unit of work* (storage.unit) collects the writes of one update and commits them together.

Quick groups (`run(..., quick=True)`: an update's unit of work, the inbox) are committed on the
event loop's own thread, not the writer's: in WAL mode with synchronous=NORMAL a commit waits
for no disk, and a few writes by key take tens of microseconds, where the trip to a thread and
back cost 4-7 times that in CPU (issue #25). What could make such a commit wait is kept off the
loop: SQLite's own checkpoints are off on the writer, and every CHECKPOINT_EVERY commits the
writer's thread copies the WAL back (writers meanwhile wait on the write lock, not the loop, as
they would wait inside SQLite's own checkpoint otherwise); another process holding the write
lock sends the quick commit to the writer's thread, which waits for it there (BUSY_MS).
Everything else (transactions, large or scanning writes, migrations, the checkpoint after an
erasure) runs in the writer's thread as before.

Repositories never see the driver: rows come back as tuples.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TypeVar

import aiosqlite

from storage.crypto import DataKeyError, Sealer
from storage.engine import (
    FREE,
    Database,
    DatabaseError,
    Params,
    Results,
    Row,
    Statement,
    WrittenBefore,
    now,
)
from storage.schema import migration_files

T = TypeVar("T")

BUSY_MS = 5000  # how long the writer's thread waits for another process's write lock
CHECKPOINT_EVERY = 200  # commits between passive checkpoints (about SQLite's default 1000 pages)


def _patiently(conn: sqlite3.Connection, work: Callable[[], T]) -> T:
    """In the writer's thread: `work` with SQLite's busy wait on (off on the event loop's
    thread, where nothing may wait)."""
    conn.execute(f"PRAGMA busy_timeout={BUSY_MS}")
    try:
        return work()
    finally:
        conn.execute("PRAGMA busy_timeout=0")


def _busy(exc: sqlite3.Error) -> bool:
    return getattr(exc, "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _run_group(conn: sqlite3.Connection, batches: Sequence[Sequence[Statement]]) -> Results:
    """Runs in the writer thread: several callers' batches in one transaction and one commit.
    Each batch is wrapped in a savepoint, so one that fails is undone alone and its caller
    gets the error; the others commit."""
    results: Results = []
    alone = len(batches) == 1
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statements in batches:
            if not alone:
                conn.execute("SAVEPOINT unit")
            try:
                results.append([conn.execute(sql, params).rowcount for sql, params in statements])
            except Exception as exc:
                if alone:
                    raise
                conn.execute("ROLLBACK TO unit")
                results.append(exc)
            if not alone:
                conn.execute("RELEASE unit")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return results


def _roll_back(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def _apply_script(conn: sqlite3.Connection, script: str, version: int, name: str) -> None:
    """Runs in the writer thread: one migration file applied whole, with its record, or not."""
    try:
        conn.executescript(f"BEGIN IMMEDIATE;\n{script}\n;")
        conn.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            (version, name, now()),
        )
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


class SqliteTransaction:
    """Statements on the writer connection, in its thread, while this transaction owns it."""

    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def execute(self, sql: str, params: Params = ()) -> int:
        self._db.stats.statements += 1
        return await self._db.in_writer_thread(lambda c: c.execute(sql, params).rowcount)

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        self._db.stats.statements += 1
        return await self._db.in_writer_thread(
            lambda c: [tuple(r) for r in c.execute(sql, params).fetchall()])

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None


class SqliteDatabase(Database):
    dialect = "sqlite"
    shared = False

    def __init__(self, path: Path, sealer: Sealer | None = None) -> None:
        super().__init__(sealer)
        self.path = path
        self._writer: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._created: list[Path] = []
        self._in_thread = 0  # work handed to the writer's thread and not finished there yet
        self._commits = 0  # since the last passive checkpoint
        self._checkpointing: asyncio.Task[None] | None = None

    def __repr__(self) -> str:
        return f"SqliteDatabase({self.path})"

    # -- opening and closing -----------------------------------------------------------------
    async def connect(self, *, new_key: bool = False) -> None:
        if new_key and self.path.exists() and self.path.stat().st_size > 0:
            raise WrittenBefore(f"the database at {self.path} was written with another key")
        # What this first start creates, to take back if start-up fails after all (`discard`).
        self._created = [p for p in (self.path, *self.path.parents) if not p.exists()]
        try:
            self._create_private()
            self._writer = await self._open(writer=True)
            await migrate(self._writer)
            # From here on the writer waits for no lock and runs no checkpoint on the event
            # loop's thread (see the module's docstring).
            await self._writer.executescript("PRAGMA busy_timeout=0; PRAGMA wal_autocheckpoint=0;")
            self._reader = await self._open()
            await self._check_key()
        except (OSError, sqlite3.Error) as exc:
            await self.close()
            raise DatabaseError(f"cannot open the database at {self.path}: {exc}") from None
        except DataKeyError:
            await self.close()
            raise DatabaseError(f"the data key does not open the database at {self.path}: "
                                "set DATA_KEY (or DATA_KEYS_OLD) to the key it was written "
                                "with") from None

    def _create_private(self) -> None:
        """The file readable by this user only (0600; SQLite gives its -wal and -shm files the
        same mode), in folders this start creates readable by this user only (0700)."""
        for folder in reversed([p for p in self._created if p != self.path]):
            folder.mkdir(mode=0o700)
        if self.path in self._created:
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        elif self.path.stat().st_mode & 0o077:  # an earlier version's file: ours to tighten
            self.path.chmod(0o600)
            for suffix in ("-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    self.path.with_name(self.path.name + suffix).chmod(0o600)

    async def _open(self, *, writer: bool = False) -> aiosqlite.Connection:
        # isolation_level=None: transactions are begun and ended explicitly, never implicitly.
        # The writer is also used from the event loop's thread (quick commits), never at the
        # same time as from its own: the write lock and `_in_thread` see to that.
        conn = await aiosqlite.connect(self.path, isolation_level=None,
                                       check_same_thread=not writer)
        await conn.executescript(
            "PRAGMA journal_mode=WAL;"
            "PRAGMA foreign_keys=ON;"
            f"PRAGMA busy_timeout={BUSY_MS};"
            # WAL + NORMAL: no corruption on a crash; only a power cut may lose the last commits
            "PRAGMA synchronous=NORMAL;"
            # what is deleted is overwritten with zeros, not left in free pages
            "PRAGMA secure_delete=ON;"
        )
        return conn

    @property
    def connected(self) -> bool:
        return self._writer is not None

    async def discard(self) -> None:
        """Close, and remove the database file and folders that this start created: a first
        start that fails leaves the disk as it found it."""
        await self.close()
        for path in self._created:  # the file first, then its folders, innermost first
            if path == self.path:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    path.with_name(path.name + suffix).unlink(missing_ok=True)
            else:
                with contextlib.suppress(OSError):  # not empty: someone else put files there
                    path.rmdir()
        self._created = []

    async def _disconnect(self) -> None:
        if self._checkpointing is not None:  # waiting for the write lock, held by close()
            self._checkpointing.cancel()
            await asyncio.gather(self._checkpointing, return_exceptions=True)
        for conn in (self._reader, self._writer):
            if conn is not None:
                await conn.close()
        self._reader = self._writer = None

    def _conn(self, conn: aiosqlite.Connection | None) -> aiosqlite.Connection:
        if conn is None:
            raise RuntimeError("database is not connected")
        return conn

    # -- reads: the last committed state -----------------------------------------------------
    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        self.stats.statements += 1
        self.stats.hops += 1
        rows = await self._conn(self._reader).execute_fetchall(sql, params)
        return [tuple(r) for r in rows]

    # -- writes --------------------------------------------------------------------------------
    async def in_writer_thread(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """`work(connection)` in the writer's thread, waiting patiently for a lock another
        process holds. Call with the write lock held. Counted until the thread is done with
        it, even if the caller is cancelled first: no quick commit runs on the loop's thread
        meanwhile."""
        conn = self._conn(self._writer)
        raw: sqlite3.Connection = conn._conn
        loop = asyncio.get_running_loop()
        self.stats.hops += 1
        self._in_thread += 1

        def run() -> T:
            try:
                return _patiently(raw, lambda: work(raw))
            finally:
                loop.call_soon_threadsafe(self._thread_done)

        # aiosqlite has no public call for "run this function in the connection's thread";
        # _execute is the primitive its own methods are built on.
        return await conn._execute(run)  # type: ignore[no-any-return]

    def _thread_done(self) -> None:
        self._in_thread -= 1

    async def _commit_group(self, batches: list[Sequence[Statement]], *,
                            quick: bool = False, disjoint: bool = False) -> Results:
        # `disjoint` changes nothing here: statements in one process cost no trip
        async with self._write_lock:
            conn = self._conn(self._writer)
            self.stats.statements += sum(len(b) for b in batches)
            self.stats.commits += 1
            results = self._commit_here(conn._conn, batches) if quick else None
            if results is None:
                results = await self.in_writer_thread(lambda raw: _run_group(raw, batches))
            self._committed()
            return results

    def _commit_here(self, raw: sqlite3.Connection, batches: list[Sequence[Statement]],
                     ) -> Results | None:
        """The group committed on the event loop's thread; None when it must go to the
        writer's thread instead (work of its own still there, or another process's lock)."""
        if self._in_thread:
            return None
        try:
            return _run_group(raw, batches)
        except sqlite3.OperationalError as exc:
            if _busy(exc):
                return None
            raise

    def _committed(self) -> None:
        self._commits += 1
        if self._commits >= CHECKPOINT_EVERY and self._checkpointing is None:
            self._commits = 0
            self._checkpointing = asyncio.create_task(self._copy_back())

    async def _copy_back(self) -> None:
        """A passive checkpoint in the writer's thread, the write lock held meanwhile (writers
        wait on the lock, the loop does not): the WAL is copied back whole, so the next commit
        starts it over instead of growing it."""
        try:
            async with self._write_lock:
                if self._writer is not None:
                    await self.in_writer_thread(
                        lambda c: c.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall())
        except sqlite3.Error:
            pass  # the next one will: a checkpoint keeps nothing from anyone
        finally:
            self._checkpointing = None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqliteTransaction]:
        """Reads and writes that must see each other and land together (or not at all).

        The transaction owns the writer connection until it ends: nothing else writes between.
        """
        self._conn(self._writer)
        async with self._write_lock:
            await self.in_writer_thread(lambda c: c.execute("BEGIN IMMEDIATE"))
            try:
                yield SqliteTransaction(self)
            except BaseException:
                await asyncio.shield(self.in_writer_thread(_roll_back))
                raise
            self.stats.commits += 1
            await self.in_writer_thread(lambda c: c.execute("COMMIT"))
            self._committed()

    async def claim(self, table: str, key: str, columns: str, where: str, params: Params, *,
                    limit: int, owner: str, lease_until: int, now: int) -> list[Row]:
        """Database.claim: here one transaction (the writer lock) serializes claimers;
        PostgreSQL uses row locks instead (storage/postgres.py)."""
        async with self.transaction() as tx:
            rows = await tx.fetchall(
                f"SELECT {key}, {columns} FROM {table} WHERE ({where}) AND {FREE}"
                f" ORDER BY {key} LIMIT ?", (*params, now, owner, limit))
            if rows:
                marks = ", ".join("?" for _ in rows)
                await tx.execute(f"UPDATE {table} SET lease_until = ?, leased_by = ?"
                                 f" WHERE {key} IN ({marks})",
                                 (lease_until, owner, *(r[0] for r in rows)))
        return rows

    async def checkpoint(self) -> bool:
        """Copy the WAL into the database file and empty it, so earlier versions of erased
        rows do not linger there. False when a reader held it back (the next one will do)."""
        async with self._write_lock:
            if self._writer is None:  # closed meanwhile: closing checkpoints anyway
                return False
            rows = await self.in_writer_thread(
                lambda c: c.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall())
        first = next(iter(rows), None)
        return first is not None and first[0] == 0


async def migrate(conn: aiosqlite.Connection) -> list[int]:
    """Apply the migrations not yet applied, each file whole in its own transaction; returns
    their numbers."""
    await conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)"
    )
    applied = {row[0] for row in await conn.execute_fetchall(
        "SELECT version FROM schema_migrations")}
    done = []
    for version, name, script in migration_files("sqlite"):
        if version not in applied:
            await conn._execute(_apply_script, conn._conn, script, version, name)
            done.append(version)
    return done
