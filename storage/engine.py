"""The database interface: what repositories, the unit of work and the app may ask of a database,
whichever engine is underneath.

Two engines implement it, side by side: `storage.sqlite.SqliteDatabase` (the default, a file)
and `storage.postgres.PostgresDatabase` (DATABASE_URL=postgresql://…); `storage.db.open_database`
chooses one. Neither knows the other. What both do the same way lives here, in the base class:
the group commit's bookkeeping (`run`: batches that arrive while a commit is under way wait and
are committed together), the key check at start, and the shortcuts built on the primitives.

The contract for repositories:
- SQL is portable, with `?` parameters; rows come back as tuples;
- `run(statements)` runs them in one transaction and returns the rows each changed; `execute`
  is one statement in its own transaction; `run(..., quick=True)` says the statements are a
  few writes by key (an update's unit of work, the inbox), which an engine may commit without
  leaving the event loop's thread (SQLite does); `run(..., disjoint=True)`, that no statement
  needs to see what another wrote and no two change the same row, so an engine may send them
  as one statement (PostgreSQL does: one trip instead of BEGIN, each statement, COMMIT);
- `fetchall`/`fetchone` outside a transaction read the last committed state;
- `transaction()` yields a `Transaction` whose reads see its own writes; this process writes
  through one transaction at a time;
- `claim` leases rows to one owner (see the engines for how);
- `sealer` seals what a person wrote; `checkpoint` empties what would keep erased rows around.
"""

from __future__ import annotations

import asyncio
import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from storage.crypto import Sealer

Params = Sequence[Any]
Statement = tuple[str, Params]
Row = tuple[Any, ...]
# A group's result for each caller: the rows each statement changed, or what went wrong.
Results = list[list[int] | Exception]
# Rows a claim may take (`Database.claim`): nobody holds them, their lease ran out, or the
# claimer holds them already. Parameters: now, owner.
FREE = "(lease_until IS NULL OR lease_until < ? OR leased_by = ?)"


class DatabaseError(Exception):
    """The database cannot be opened or migrated; the message is one line for the operator."""


class WrittenBefore(DatabaseError):
    """connect(new_key=True) found a database written before, with a key that is not here:
    nothing was written (the caller says where the key was looked for)."""


@dataclass
class Stats:
    """What the database did, for benchmarks: statements run, commits, trips to a db thread."""

    statements: int = 0
    commits: int = 0
    hops: int = 0


def now() -> int:
    """Seconds since the epoch: stored as integers, portable across databases."""
    return int(time.time())


def now_ms() -> int:
    """Milliseconds since the epoch: leases and send times."""
    return int(time.time() * 1000)


class Transaction(Protocol):
    """Statements in one transaction that owns its connection until it ends."""

    async def execute(self, sql: str, params: Params = ()) -> int: ...

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]: ...

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None: ...


class Database(ABC):
    """A database engine. Subclasses provide the connections (`connect`, `close`), reads
    outside a transaction (`fetchall`), one group's commit (`_commit_group`), `transaction`,
    `claim` and `checkpoint`; the rest is shared."""

    dialect: ClassVar[str]
    # Several processes may use this database at once (PostgreSQL replicas): the workers claim
    # rows with leases (`claim`) instead of reading what is due. A SQLite file has one process.
    shared: ClassVar[bool] = False

    def __init__(self, sealer: Sealer | None = None) -> None:
        # Seals what people wrote before it is stored. The app passes the deployment's key;
        # the default, a key for this process only, serves tests and benchmarks.
        self.sealer = sealer or Sealer.ephemeral()
        self.stats = Stats()
        # Held by one transaction (or one group's commit) at a time: this process writes
        # through one transaction at a time.
        self._write_lock = asyncio.Lock()
        self._waiting: list[tuple[Sequence[Statement], bool, bool, asyncio.Future[list[int]]]] \
            = []
        self._committer: asyncio.Task[None] | None = None

    # -- opening and closing -----------------------------------------------------------------
    @abstractmethod
    async def connect(self, *, new_key: bool = False) -> None:
        """Open, migrate, check the data key; DatabaseError (one line) if that cannot be done.
        `new_key`: the key was made for this start, so a database written before cannot be
        read with it: WrittenBefore, raised before anything is written."""

    @property
    @abstractmethod
    def connected(self) -> bool: ...

    async def close(self) -> None:
        if self._committer is not None:  # let what is waiting to commit commit first
            await asyncio.shield(self._committer)
        async with self._write_lock:  # and a transaction in progress finish
            await self._disconnect()

    @abstractmethod
    async def _disconnect(self) -> None:
        """Close the connections (the write lock is held, nothing is waiting to commit)."""

    async def discard(self) -> None:
        """Close, and take back what this first start created, if the engine created anything
        (a SQLite file does; a PostgreSQL server is left as it is)."""
        await self.close()

    def _require_connected(self) -> None:
        if not self.connected:
            raise RuntimeError("database is not connected")

    async def _check_key(self) -> None:
        """A value sealed on first start: a wrong key stops start-up here, not in a handler."""
        row = await self.fetchone("SELECT value FROM bot_state WHERE name = 'key_check'")
        if row is not None:
            self.sealer.open(row[0])
        else:
            await self.execute("INSERT INTO bot_state (name, value) VALUES ('key_check', ?)",
                               (self.sealer.seal("qorgau"),))
        # From here on people's ids are stored keyed (storage.ids).
        from storage.ids import prepare
        self.sealer = await prepare(self)

    # -- reads: the last committed state -----------------------------------------------------
    @abstractmethod
    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]: ...

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def ping(self) -> None:
        """For /readyz: raises unless the database answers a read of a real table and grants
        a write transaction (another process holding the write lock makes this wait)."""
        await self.fetchone("SELECT COUNT(*) FROM schema_migrations")
        await self.run([("SELECT 1", ())])

    # -- writes --------------------------------------------------------------------------------
    async def run(self, statements: Sequence[Statement], *, quick: bool = False,
                  disjoint: bool = False) -> list[int]:
        """Run the statements in one transaction; returns the number of rows each changed.

        Group commit: batches that arrive while the writer is busy are committed together in
        the next transaction (each undone alone if it fails), so under load one commit and one
        trip to the database serve many updates. `quick`: a few writes by key, no scan (see
        the module's docstring); a group is quick when all its batches are, and disjoint
        likewise (`disjoint`: no statement needs another's writes, no two change one row).
        """
        if not statements:
            return []
        self._require_connected()
        done: asyncio.Future[list[int]] = asyncio.get_running_loop().create_future()
        self._waiting.append((statements, quick, disjoint, done))
        if self._committer is None:
            self._committer = asyncio.create_task(self._commit_waiting())
        return await done

    async def _commit_waiting(self) -> None:
        try:
            while self._waiting:
                group, self._waiting = self._waiting, []
                try:
                    results = await self._commit_group(
                        [b for b, _, _, _ in group], quick=all(q for _, q, _, _ in group),
                        disjoint=all(d for _, _, d, _ in group))
                except Exception as exc:  # the whole transaction failed: tell everyone
                    results = [exc] * len(group)
                for (_, _, _, done), result in zip(group, results, strict=True):
                    if done.done():  # the caller was cancelled meanwhile
                        continue
                    if isinstance(result, Exception):
                        done.set_exception(result)
                    else:
                        done.set_result(result)
        finally:
            self._committer = None

    @abstractmethod
    async def _commit_group(self, batches: list[Sequence[Statement]], *,
                            quick: bool = False, disjoint: bool = False) -> Results:
        """Several callers' batches in one transaction and one commit: one that fails is undone
        alone and gets its exception in its place; the others commit. `quick`, `disjoint`: see
        `run`."""

    async def execute(self, sql: str, params: Params = ()) -> int:
        """One statement in its own transaction; returns the number of rows changed."""
        return (await self.run([(sql, params)]))[0]

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Transaction]:
        """Reads and writes that must see each other and land together (or not at all).

        The transaction owns the writer connection until it ends: nothing else of this process
        writes in between."""

    @abstractmethod
    async def claim(self, table: str, key: str, columns: str, where: str, params: Params, *,
                    limit: int, owner: str, lease_until: int, now: int) -> list[Row]:
        """Lease up to `limit` rows of `table` matching `where` (oldest `key` first) to `owner`
        until `lease_until`: rows nobody holds, whose lease expired, or that `owner` holds
        already. Returns (key, *columns) of each, oldest first. No two owners get the same row
        while its lease runs. `table`, `key`, `columns` and `where` are the caller's constants,
        never input."""

    @abstractmethod
    async def checkpoint(self) -> bool:
        """After an erasure: leave no earlier version of erased rows in the engine's own files.
        False when it could not be done now (the next one will)."""

