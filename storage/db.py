"""The database: SQLite in WAL mode through aiosqlite, numbered migrations, units of work.

Two connections, each with its own thread (aiosqlite):
- the writer, owned by one transaction at a time (an asyncio lock), so a unit of work that fails
  rolls back only its own statements and nothing else commits in between;
- the reader, for reads outside a transaction: WAL gives it the last committed snapshot, never
  another coroutine's half-done work.

A *unit of work* (storage.unit) collects the writes of one update and commits them together,
in one trip to the writer thread. Repositories never see the driver: rows come back as tuples.
SQL stays portable (no SQLite-only syntax in the repositories): storage/postgres.py is the
same interface on PostgreSQL, chosen by DATABASE_URL through `open_database`.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

from storage.crypto import DataKeyError, Sealer

Params = Sequence[Any]
Statement = tuple[str, Params]
Row = tuple[Any, ...]


class DatabaseError(Exception):
    """The database cannot be opened or migrated; the message is one line for the operator."""


@dataclass
class Stats:
    """What the database did, for benchmarks: statements run, commits, trips to a db thread."""

    statements: int = 0
    commits: int = 0
    hops: int = 0


def _run_group(conn: sqlite3.Connection, batches: Sequence[Sequence[Statement]],
               ) -> list[list[int] | Exception]:
    """Runs in the writer thread: several callers' batches in one transaction and one commit.
    Each batch is wrapped in a savepoint, so one that fails is undone alone and its caller
    gets the error; the others commit."""
    results: list[list[int] | Exception] = []
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


class Transaction:
    """Statements on the writer connection while this transaction owns it."""

    def __init__(self, conn: aiosqlite.Connection, stats: Stats) -> None:
        self._conn = conn
        self._stats = stats

    async def execute(self, sql: str, params: Params = ()) -> int:
        self._stats.statements += 1
        self._stats.hops += 1
        cursor = await self._conn.execute(sql, params)
        return cursor.rowcount

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        self._stats.statements += 1
        self._stats.hops += 1
        return [tuple(r) for r in await self._conn.execute_fetchall(sql, params)]

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None


class Database:
    dialect = "sqlite"
    # Several processes may use this database at once (PostgreSQL replicas): the workers claim
    # rows with leases (`claim`) instead of reading what is due. A SQLite file has one process.
    shared = False

    def __init__(self, path: Path, sealer: Sealer | None = None) -> None:
        self.path = path
        # Seals what people wrote before it is stored. The app passes the deployment's key;
        # the default, a key for this process only, serves tests and benchmarks.
        self.sealer = sealer or Sealer.ephemeral()
        self.stats = Stats()
        self._writer: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()
        self._waiting: list[tuple[Sequence[Statement], asyncio.Future[list[int]]]] = []
        self._committer: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = await self._open()
            await migrate(self._writer)
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

    async def _check_key(self) -> None:
        """A value sealed on first start: a wrong key stops start-up here, not in a handler."""
        row = await self.fetchone("SELECT value FROM bot_state WHERE name = 'key_check'")
        if row is not None:
            self.sealer.open(row[0])
            return
        await self.execute("INSERT INTO bot_state (name, value) VALUES ('key_check', ?)",
                           (self.sealer.seal("qorgau"),))

    async def _open(self) -> aiosqlite.Connection:
        # isolation_level=None: transactions are begun and ended explicitly, never implicitly.
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        await conn.executescript(
            "PRAGMA journal_mode=WAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA busy_timeout=5000;"
            # WAL + NORMAL: no corruption on a crash; only a power cut may lose the last commits
            "PRAGMA synchronous=NORMAL;"
            # what is deleted is overwritten with zeros, not left in free pages
            "PRAGMA secure_delete=ON;"
        )
        return conn

    @property
    def connected(self) -> bool:
        return self._writer is not None

    async def close(self) -> None:
        if self._committer is not None:  # let what is waiting to commit commit first
            await asyncio.shield(self._committer)
        async with self._write_lock:  # and a transaction in progress finish
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

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def ping(self) -> None:
        """For /readyz: raises unless the database answers a read of a real table and grants
        a write transaction (another process holding the write lock makes this wait)."""
        await self.fetchone("SELECT COUNT(*) FROM schema_migrations")
        await self.run([("SELECT 1", ())])

    # -- writes --------------------------------------------------------------------------------
    async def run(self, statements: Sequence[Statement]) -> list[int]:
        """Run the statements in one transaction; returns the number of rows each changed.

        Group commit: batches that arrive while the writer is busy are committed together in
        the next transaction (each in its own savepoint), so under load one commit and one trip
        to the writer thread serve many updates.
        """
        if not statements:
            return []
        self._conn(self._writer)
        done: asyncio.Future[list[int]] = asyncio.get_running_loop().create_future()
        self._waiting.append((statements, done))
        if self._committer is None:
            self._committer = asyncio.create_task(self._commit_waiting())
        return await done

    async def _commit_waiting(self) -> None:
        try:
            while self._waiting:
                group, self._waiting = self._waiting, []
                try:
                    results = await self._commit_group([b for b, _ in group])
                except Exception as exc:  # the whole transaction failed: tell everyone
                    results = [exc] * len(group)
                for (_, done), result in zip(group, results, strict=True):
                    if done.done():  # the caller was cancelled meanwhile
                        continue
                    if isinstance(result, Exception):
                        done.set_exception(result)
                    else:
                        done.set_result(result)
        finally:
            self._committer = None

    async def _commit_group(self, batches: list[Sequence[Statement]],
                            ) -> list[list[int] | Exception]:
        async with self._write_lock:
            conn = self._conn(self._writer)
            self.stats.statements += sum(len(b) for b in batches)
            self.stats.commits += 1
            self.stats.hops += 1
            # aiosqlite has no public call for "run this function in the connection's thread";
            # _execute is the primitive its own methods are built on.
            return await conn._execute(_run_group, conn._conn, batches)  # type: ignore[no-any-return]

    async def execute(self, sql: str, params: Params = ()) -> int:
        """One statement in its own transaction; returns the number of rows changed."""
        return (await self.run([(sql, params)]))[0]

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """Reads and writes that must see each other and land together (or not at all).

        The transaction owns the writer connection until it ends: nothing else writes between.
        """
        conn = self._conn(self._writer)
        async with self._write_lock:
            self.stats.hops += 1
            await conn.execute("BEGIN IMMEDIATE")
            try:
                yield Transaction(conn, self.stats)
            except BaseException:
                await asyncio.shield(conn.execute("ROLLBACK"))
                raise
            self.stats.commits += 1
            self.stats.hops += 1
            await conn.execute("COMMIT")


    async def claim(self, table: str, key: str, columns: str, where: str, params: Params, *,
                    limit: int, owner: str, lease_until: int, now: int) -> list[Row]:
        """Lease up to `limit` rows of `table` matching `where` (oldest `key` first) to `owner`
        until `lease_until`: rows nobody holds, whose lease expired, or that `owner` holds
        already. Returns (key, *columns) of each. No two owners get the same row while its
        lease runs. Here one transaction (the writer lock) serializes claimers; PostgreSQL
        uses row locks instead (storage/postgres.py). `table`, `key`, `columns` and `where`
        are the caller's constants, never input."""
        free = "(lease_until IS NULL OR lease_until < ? OR leased_by = ?)"
        async with self.transaction() as tx:
            rows = await tx.fetchall(
                f"SELECT {key}, {columns} FROM {table} WHERE ({where}) AND {free}"
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
            self.stats.hops += 1
            rows = await self._writer.execute_fetchall("PRAGMA wal_checkpoint(TRUNCATE)")
        first = next(iter(rows), None)
        return first is not None and first[0] == 0


def now() -> int:
    """Seconds since the epoch: stored as integers, portable across databases."""
    return int(time.time())


def now_ms() -> int:
    """Milliseconds since the epoch: leases and send times."""
    return int(time.time() * 1000)


def open_database(location: Path | str, sealer: Sealer | None = None) -> Database:
    """The database named by DATABASE_URL: a postgresql:// (or postgres://) URL opens
    PostgreSQL (storage/postgres.py); a path, or sqlite:///path, a SQLite file."""
    text = str(location)
    if text.startswith(("postgresql://", "postgres://")):
        from storage.postgres import PostgresDatabase

        return PostgresDatabase(text, sealer)
    return Database(Path(text.removeprefix("sqlite:///")), sealer)


def migration_files(dialect: str = "sqlite") -> list[tuple[int, str, str]]:
    """The numbered migrations: storage/migrations/*.sql for SQLite, their twins in
    storage/migrations/postgres/ for PostgreSQL (tests/test_migrations.py keeps them alike)."""
    folder = resources.files("storage") / "migrations"
    if dialect != "sqlite":
        folder = folder / dialect
    found = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


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
    for version, name, script in migration_files():
        if version not in applied:
            await conn._execute(_apply_script, conn._conn, script, version, name)
            done.append(version)
    return done
