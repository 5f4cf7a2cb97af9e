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
import os
import socket
import uuid
from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest

from storage.crypto import Sealer
from storage.db import Database, open_database

POSTGRES_URL = os.environ.get("QORGAU_TEST_POSTGRES_URL",
                              "postgresql://postgres@127.0.0.1:5432/test")
E2E_DATABASE_URL = os.environ.get("QORGAU_TEST_DATABASE_URL", "")
BACKENDS = ("sqlite", "postgres")


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
    asyncio.run(_admin(base_url, f'CREATE SCHEMA "{schema}"'))
    return schema, in_schema(base_url, schema)


def drop_schema(schema: str, base_url: str = POSTGRES_URL) -> None:
    asyncio.run(_admin(base_url, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


def database_at(where: Path | str, sealer: Sealer | None = None) -> Database:
    """The database at a SQLite path or a PostgreSQL URL (not connected yet)."""
    return open_database(where, sealer)


def is_postgres(where: Path | str) -> bool:
    return str(where).startswith("postgresql://")


def sqlite_only(where: Path | str, reason: str) -> None:
    if is_postgres(where):
        pytest.skip(f"SQLite only: {reason}")
