"""The databases the storage tests run against: a SQLite file, and the local PostgreSQL.

Each PostgreSQL test gets a fresh schema in the `test` database (dropped afterwards), chosen by
the URL's search_path, so tests never see each other's rows. Without a server on 127.0.0.1:5432
the PostgreSQL cases are skipped, with the reason, unless CI is set: in CI they must run, and a
missing server fails them.

Settings:
  QORGAU_TEST_POSTGRES_URL   the server for the storage tests
                             (default postgresql://postgres@127.0.0.1:5432/test)
  QORGAU_TEST_DATABASE_URL   postgresql://…: the end-to-end bot processes (tests/harness.py)
                             use PostgreSQL too, each in a schema of its own
"""

from __future__ import annotations

import asyncio
import atexit
import os
import socket
import sqlite3
import uuid
from collections.abc import Callable, Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest

from storage.crypto import Sealer
from storage.db import Database, open_database
from storage.postgres import placeholders

POSTGRES_URL = os.environ.get("QORGAU_TEST_POSTGRES_URL",
                              "postgresql://postgres@127.0.0.1:5432/test")
E2E_DATABASE_URL = os.environ.get("QORGAU_TEST_DATABASE_URL", "")
BACKENDS = ("sqlite", "postgres")
T = TypeVar("T")


@cache
def postgres_answers() -> bool:
    parts = urlsplit(POSTGRES_URL)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5432), 2):
            return True
    except OSError:
        return False


def require_postgres() -> None:
    if postgres_answers():
        return
    where = urlsplit(POSTGRES_URL).netloc.rpartition("@")[2]
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but no PostgreSQL server answers on {where}")
    pytest.skip(f"no PostgreSQL server answers on {where} (and CI is not set)")


def in_schema(url: str, schema: str) -> str:
    """The URL with search_path set to `schema` (asyncpg passes it as a server setting)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "search_path"]
    query.append(("search_path", schema))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def run_sync(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to the end from synchronous code, even code that a running event loop
    called (then in a thread of its own)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


async def _admin(url: str, sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def create_schema(base_url: str = POSTGRES_URL, prefix: str = "qt") -> tuple[str, str]:
    """A fresh, empty schema; returns (its name, a URL that works in it)."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    run_sync(lambda: _admin(base_url, f'CREATE SCHEMA "{schema}"'))
    return schema, in_schema(base_url, schema)


def drop_schema(schema: str, base_url: str = POSTGRES_URL) -> None:
    run_sync(lambda: _admin(base_url, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


def database_at(where: Path | str, sealer: Sealer | None = None) -> Database:
    """The database at a SQLite path or a PostgreSQL URL (not connected yet)."""
    return open_database(where, sealer)


def is_postgres(where: Path | str) -> bool:
    return str(where).startswith("postgresql://")


def sqlite_only(where: Path | str, reason: str) -> None:
    if is_postgres(where):
        pytest.skip(f"SQLite only: {reason}")


_session_schemas: dict[str, tuple[str, str, str]] = {}  # data dir -> schema, base URL, URL


def schema_for_the_session(base_url: str, data_dir: Path) -> str:
    """The schema of the end-to-end bot whose data directory is `data_dir` (created on first
    use, the same for every restart of that bot, dropped when the test session ends); its URL."""
    key = str(Path(data_dir).resolve())
    if key not in _session_schemas:
        schema, url = create_schema(base_url, prefix="qe")
        if not _session_schemas:
            atexit.register(_drop_session_schemas)
        _session_schemas[key] = (schema, base_url, url)
    return _session_schemas[key][2]


def _drop_session_schemas() -> None:
    for schema, base_url, _ in _session_schemas.values():
        try:
            drop_schema(schema, base_url)
        except Exception as exc:  # the server went away: say so, do not hide the test result
            print(f"could not drop the test schema {schema}: {type(exc).__name__}")


def e2e_database_url(data_dir: Path) -> str:
    """DATABASE_URL for an end-to-end bot with this data directory: its SQLite file, or (with
    QORGAU_TEST_DATABASE_URL=postgresql://…) its own schema on that server."""
    if E2E_DATABASE_URL.startswith(("postgresql://", "postgres://")):
        return schema_for_the_session(E2E_DATABASE_URL, data_dir)
    return f"sqlite:///{Path(data_dir).resolve()}/qorgau.db"


def e2e_database(data_dir: Path) -> Path | str:
    """Where that bot's database is, for database_at() and query()."""
    url = e2e_database_url(data_dir)
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else url


def query(where: Path | str, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Rows from the database at `where` (a SQLite file or a PostgreSQL URL), synchronously,
    with `?` parameters: for tests that look at what a bot process stored."""
    if not is_postgres(where):
        with sqlite3.connect(where) as db:
            return db.execute(sql, tuple(params)).fetchall()

    async def fetch() -> list[tuple[Any, ...]]:
        import asyncpg

        conn = await asyncpg.connect(str(where))
        try:
            return [tuple(r) for r in await conn.fetch(placeholders(sql), *params)]
        finally:
            await conn.close()

    return run_sync(fetch)


def table_columns(where: Path | str) -> dict[str, list[str]]:
    """Every table of the database at `where` and its columns (SQLite or PostgreSQL)."""
    if not is_postgres(where):
        tables = [r[0] for r in query(where, "SELECT name FROM sqlite_master WHERE type = 'table'"
                                             " AND name NOT LIKE 'sqlite_%'")]
        return {t: [r[1] for r in query(where, f"PRAGMA table_info({t})")] for t in tables}
    found: dict[str, list[str]] = {}
    for table, column in query(where, "SELECT table_name, column_name FROM"
                                      " information_schema.columns WHERE table_schema ="
                                      " current_schema() ORDER BY table_name, ordinal_position"):
        found.setdefault(table, []).append(column)
    return found
