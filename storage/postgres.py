"""The database on PostgreSQL (asyncpg): the interface of storage.engine.Database, beside the
SQLite engine (storage/sqlite.py), chosen by DATABASE_URL=postgresql://… (storage.db.open_database).

What stays the same for the repositories:
- `?` parameters (translated here to `$1, $2, …`, never inside a string literal, a quoted name
  or a comment), rows as tuples, `execute`/`run` returning the number of rows each statement
  changed;
- `run()` group-commits: batches that arrive while a commit is under way are committed together
  in the next transaction, each in its own savepoint, so one that fails is undone alone;
- `transaction()` owns one connection until it ends, and (as on SQLite) this process writes
  through one transaction at a time, so a unit of work reads its own writes and nothing of this
  process commits in between. Other replicas may write meanwhile: what must be handled once
  across replicas is claimed with row locks and leases (`claim`, FOR UPDATE SKIP LOCKED);
- reads outside a transaction see the last committed state (a pooled connection, autocommit);
- the same numbered migrations (storage/schema.py), in `schema_migrations`.

What differs is kept in this file and in the migrations' dialect words (storage/schema.py):
identity columns for generated ids, DOUBLE PRECISION for coordinates; `checkpoint()` is a no-op
(see docs/SECURITY.md on what erasure means on PostgreSQL).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

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

if TYPE_CHECKING:
    import asyncpg

# One number for the advisory lock that lets one replica at a time apply migrations.
_MIGRATION_LOCK = 0x716F7267  # "qorg"
_COUNT = re.compile(r"(\d+)$")


async def _keep_session(conn: asyncpg.Connection) -> None:
    """A connection goes back to the pool as it is: this code sets no session state (no SET,
    LISTEN or cursor; the one advisory lock, for migrations, is unlocked in a `finally`), and
    asyncpg still rolls back a transaction left open. Its default reset (advisory unlock, CLOSE
    ALL, UNLISTEN, RESET ALL) is a round trip to the server on every release (issue #25)."""


@lru_cache(maxsize=2048)
def placeholders(sql: str) -> str:
    """`?` → `$1, $2, …` outside string literals ('…', with '' inside), quoted names ("…")
    and comments (-- … and /* … */)."""
    out: list[str] = []
    n = 0
    i, size = 0, len(sql)
    while i < size:
        c = sql[i]
        if c in ("'", '"'):
            end = i + 1
            while end < size:
                if sql[end] == c:
                    if end + 1 < size and sql[end + 1] == c:  # doubled: an escaped quote
                        end += 2
                        continue
                    break
                end += 1
            out.append(sql[i:end + 1])
            i = end + 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            end = size if end < 0 else end
            out.append(sql[i:end])
            i = end
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            end = size if end < 0 else end + 2
            out.append(sql[i:end])
            i = end
        elif c == "?":
            n += 1
            out.append(f"${n}")
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def changed(status: str) -> int:
    """Rows a statement changed, from its command tag ('INSERT 0 1', 'UPDATE 3', 'DELETE 0');
    0 for a tag without a count (as SQLite's rowcount is -1 or 0 for those)."""
    found = _COUNT.search(status or "")
    return int(found.group(1)) if found and " " in status else 0


def redacted(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    netloc = f"{parts.username}:***@{host}" if parts.username else host
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


class PgTransaction:
    """Statements on the connection this transaction owns (storage.engine.Transaction)."""

    def __init__(self, conn: asyncpg.Connection, db: PostgresDatabase) -> None:
        self._conn = conn
        self._db = db

    async def execute(self, sql: str, params: Params = ()) -> int:
        self._db.stats.statements += 1
        self._db.stats.hops += 1
        return changed(await self._conn.execute(placeholders(sql), *params))

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        self._db.stats.statements += 1
        self._db.stats.hops += 1
        return [tuple(r) for r in await self._conn.fetch(placeholders(sql), *params)]

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None


class PostgresDatabase(Database):
    dialect = "postgres"
    shared = True

    def __init__(self, url: str, sealer: Sealer | None = None, *, min_size: int = 2,
                 max_size: int = 10) -> None:
        super().__init__(sealer)
        self.url = url
        self._min_size, self._max_size = min_size, max_size
        self._pool: asyncpg.Pool | None = None

    def __repr__(self) -> str:
        return f"PostgresDatabase({redacted(self.url)})"

    # -- opening and closing -----------------------------------------------------------------
    async def connect(self, *, new_key: bool = False) -> None:
        try:
            import asyncpg
        except ImportError:
            raise DatabaseError("DATABASE_URL names PostgreSQL but asyncpg is not installed:"
                                " install the 'scale' extra (pip install 'qorgau[scale]')"
                                ) from None
        where = redacted(self.url)
        try:
            self._pool = await asyncpg.create_pool(
                self.url, min_size=self._min_size, max_size=self._max_size, timeout=10,
                command_timeout=60, reset=_keep_session)
            async with self._pool.acquire() as conn:
                if new_key and await conn.fetchval("SELECT to_regclass('bot_state') IS NOT NULL"):
                    raise WrittenBefore(f"the database at {where} was written with another key")
                await migrate_postgres(conn)
            await self._check_key()
        except WrittenBefore:
            await self.close()
            raise
        except DataKeyError:
            await self.close()
            raise DatabaseError(f"the data key does not open the database at {where}: set "
                                "DATA_KEY (or DATA_KEYS_OLD) to the key it was written with"
                                ) from None
        except (OSError, TimeoutError, asyncpg.PostgresError,
                asyncpg.InterfaceError, ValueError) as exc:
            await self.close()
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise DatabaseError(f"cannot open the database at {where}: {reason}") from None

    @property
    def connected(self) -> bool:
        return self._pool is not None

    async def _disconnect(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()

    def _the_pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("database is not connected")
        return self._pool

    # -- reads: the last committed state -----------------------------------------------------
    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        self.stats.statements += 1
        self.stats.hops += 1
        rows = await self._the_pool().fetch(placeholders(sql), *params)
        return [tuple(r) for r in rows]

    # -- writes ------------------------------------------------------------------------------
    async def _commit_group(self, batches: list[Sequence[Statement]], *,
                            quick: bool = False, disjoint: bool = False) -> Results:
        """One transaction for the group, first without savepoints, again with one per batch
        only if a statement is refused. A lone batch that is one trip (one statement, or
        `disjoint` statements sent as one) needs no BEGIN and COMMIT: a statement is a
        transaction of its own. (`quick` changes nothing here: the server is a trip away
        whatever the statements.)"""
        async with self._write_lock:
            pool = self._the_pool()
            self.stats.statements += sum(len(b) for b in batches)
            self.stats.commits += 1
            self.stats.hops += 1
            async with pool.acquire() as conn:
                if len(batches) == 1 and (len(batches[0]) == 1 or disjoint):
                    return [await _run_batch(conn, batches[0], disjoint)]
                if len(batches) > 1:
                    # A savepoint costs two trips to the server per batch: first try the
                    # group without them; only if a statement fails, again with them.
                    import asyncpg

                    try:
                        async with conn.transaction():
                            return [await _run_batch(conn, b, disjoint) for b in batches]
                    except asyncpg.PostgresError:  # a statement was refused; all undone
                        pass
                results: Results = []
                alone = len(batches) == 1
                async with conn.transaction():
                    for statements in batches:
                        if alone:
                            results.append(await _run_batch(conn, statements, disjoint))
                            continue
                        try:
                            async with conn.transaction():  # a savepoint
                                results.append(await _run_batch(conn, statements, disjoint))
                        except Exception as exc:
                            results.append(exc)
                return results

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PgTransaction]:
        pool = self._the_pool()
        async with self._write_lock:
            self.stats.hops += 1
            async with pool.acquire() as conn:
                tx = conn.transaction()
                await tx.start()
                try:
                    yield PgTransaction(conn, self)
                except BaseException:
                    await asyncio.shield(tx.rollback())
                    raise
                self.stats.commits += 1
                self.stats.hops += 1
                await tx.commit()

    async def checkpoint(self) -> bool:
        """Nothing to do: PostgreSQL has no WAL file of ours to empty (docs/SECURITY.md says what
        erasure means there)."""
        return True

    # -- claims across replicas (issue #16, part 4) ------------------------------------------
    async def claim(self, table: str, key: str, columns: str, where: str, params: Params, *,
                    limit: int, owner: str, lease_until: int, now: int) -> list[Row]:
        """Database.claim, with row locks: one UPDATE whose subquery takes the rows
        FOR UPDATE SKIP LOCKED, in its own short transaction and outside this process's write
        lock, so replicas (and this process's own claimers) claim at the same time and a row
        locked by one is skipped by the others, never handed out twice."""
        self.stats.statements += 1
        self.stats.hops += 1
        self.stats.commits += 1
        sql = (f"UPDATE {table} SET lease_until = ?, leased_by = ? WHERE {key} IN ("
               f"SELECT {key} FROM {table} WHERE ({where}) AND {FREE}"
               f" ORDER BY {key} LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING {key}, {columns}")
        rows = await self._the_pool().fetch(
            placeholders(sql), lease_until, owner, *params, now, owner, limit)
        return sorted((tuple(r) for r in rows), key=lambda r: r[0])


async def _run_batch(conn: asyncpg.Connection, statements: Sequence[Statement],
                     disjoint: bool = False) -> list[int]:
    if disjoint and len(statements) > 1:
        row = await conn.fetchrow(_as_one(tuple(sql for sql, _ in statements)),
                                  *(p for _, params in statements for p in params))
        return list(row)
    return [changed(await conn.execute(placeholders(sql), *params)) for sql, params in statements]


@lru_cache(maxsize=256)
def _as_one(statements: tuple[str, ...]) -> str:
    """Disjoint writes as one statement: each a data-modifying WITH part, their counts of rows
    changed selected together. Every part sees the database as it was before the statement,
    which is why only statements that need none of each other's writes may be joined."""
    parts = []
    for sql in statements:
        verb = sql.lstrip().split(None, 1)[0].upper()
        if verb not in ("INSERT", "UPDATE", "DELETE") or "RETURNING" in sql.upper():
            raise ValueError(f"only INSERT, UPDATE or DELETE without RETURNING is joined: {sql}")
        parts.append(sql)
    with_parts = ", ".join(f"w{n} AS ({sql} RETURNING 1)" for n, sql in enumerate(parts))
    counts = ", ".join(f"(SELECT count(*) FROM w{n})" for n in range(len(parts)))
    return placeholders(f"WITH {with_parts} SELECT {counts}")


def postgres_migration_files() -> list[tuple[int, str, str]]:
    return migration_files("postgres")


async def migrate_postgres(conn: asyncpg.Connection) -> list[int]:
    """Apply the PostgreSQL migrations not yet applied, each file whole in its own transaction
    with its record; one replica at a time (an advisory lock held while migrating)."""
    await conn.execute("SELECT pg_advisory_lock($1)", _MIGRATION_LOCK)
    try:
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)")
        applied = {r[0] for r in await conn.fetch("SELECT version FROM schema_migrations")}
        done = []
        for version, name, script in postgres_migration_files():
            if version in applied:
                continue
            async with conn.transaction():
                await conn.execute(script)  # several statements: the simple query protocol
                await conn.execute("INSERT INTO schema_migrations (version, name, applied_at)"
                                   " VALUES ($1, $2, $3)", version, name, now())
            done.append(version)
        return done
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", _MIGRATION_LOCK)


def quoted(value: Any) -> str:
    """A name for CREATE SCHEMA and the like (tests, benchmarks): letters, digits, _ only."""
    text = str(value)
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text):
        raise ValueError("expected a plain name")
    return f'"{text}"'
