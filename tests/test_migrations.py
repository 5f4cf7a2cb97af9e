"""The two migration sets, SQLite's (storage/migrations/*.sql) and PostgreSQL's twins
(storage/migrations/postgres/*.sql), can never drift: the same files by number and name, and
applied, the same tables, columns, nullability, primary keys and indexes. Also: `?` placeholders
are translated for PostgreSQL without touching literals, and a PostgreSQL migration file is
applied whole or not at all."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from storage.db import Database, migration_files
from storage.postgres import changed, placeholders
from tests.databases import create_schema, database_at, drop_schema, require_postgres

MIGRATIONS = Path(__file__).resolve().parents[1] / "storage" / "migrations"


def test_every_sqlite_migration_has_a_postgres_twin() -> None:
    sqlite = {name for _, name, _ in migration_files("sqlite")}
    postgres = {name for _, name, _ in migration_files("postgres")}
    missing = sorted(sqlite - postgres)
    assert not missing, (
        f"no PostgreSQL twin in storage/migrations/postgres/ for {missing}: copy each file there"
        " and adapt its types (see docs/ARCHITECTURE.md, 'PostgreSQL'); tests/test_migrations.py"
        " then checks both define the same tables and columns")
    assert not sorted(postgres - sqlite), "a PostgreSQL migration without its SQLite original"
    numbers = [v for v, _, _ in migration_files("sqlite")]
    assert len(numbers) == len(set(numbers)), "two SQLite migrations share a number"


async def _sqlite_schema(db: Database) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    names = [r[0] for r in await db.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    for table in names:
        info = await db.fetchall(f"PRAGMA table_info({table})")
        # (cid, name, type, notnull, default, pk): a primary key column is NOT NULL on PostgreSQL
        columns = {r[1]: bool(r[3]) or r[5] > 0 for r in info}
        key = tuple(r[1] for r in sorted((r for r in info if r[5] > 0), key=lambda r: r[5]))
        indexes = {r[1] for r in await db.fetchall(f"PRAGMA index_list({table})")
                   if not r[1].startswith("sqlite_autoindex")}
        tables[table] = (columns, key, indexes)
    return tables


async def _postgres_schema(db: Database) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    rows = await db.fetchall(
        "SELECT table_name, column_name, is_nullable FROM information_schema.columns"
        " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position")
    for table, column, nullable in rows:
        tables.setdefault(table, ({}, (), set()))[0][column] = nullable == "NO"
    keys = await db.fetchall(
        "SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc"
        " JOIN information_schema.key_column_usage kcu ON kcu.constraint_name ="
        " tc.constraint_name AND kcu.table_schema = tc.table_schema"
        " WHERE tc.table_schema = current_schema() AND tc.constraint_type = 'PRIMARY KEY'"
        " ORDER BY tc.table_name, kcu.ordinal_position")
    for table, column in keys:
        columns, key, indexes = tables[table]
        tables[table] = (columns, (*key, column), indexes)
    for table, index in await db.fetchall(
            "SELECT tablename, indexname FROM pg_indexes WHERE schemaname = current_schema()"
            " AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key'"):
        tables[table][2].add(index)
    return tables


def test_both_migration_sets_define_the_same_tables_and_columns(tmp_path: Path) -> None:
    require_postgres()
    schema, url = create_schema()

    async def both() -> tuple[dict[str, Any], dict[str, Any]]:
        found = []
        for where, read in ((tmp_path / "q.db", _sqlite_schema), (url, _postgres_schema)):
            db = database_at(where)
            await db.connect()
            try:
                found.append(await read(db))
            finally:
                await db.close()
        return found[0], found[1]

    try:
        sqlite, postgres = asyncio.run(both())
    finally:
        drop_schema(schema)
    assert sorted(sqlite) == sorted(postgres)
    for table in sqlite:
        s_columns, s_key, s_indexes = sqlite[table]
        p_columns, p_key, p_indexes = postgres[table]
        assert s_columns == p_columns, f"{table}: columns or NOT NULL differ"
        assert s_key == p_key, f"{table}: primary keys differ"
        assert s_indexes == p_indexes, f"{table}: indexes differ"


def test_a_postgres_migration_is_applied_whole_or_not_at_all() -> None:
    require_postgres()
    import asyncpg

    from storage import postgres

    schema, url = create_schema()

    async def check() -> None:
        conn = await asyncpg.connect(url)
        try:
            broken = [(1, "0001_ok.sql", "CREATE TABLE t (a INT); INSERT INTO t VALUES (1);"),
                      (2, "0002_broken.sql", "CREATE TABLE first (a INT);\n"
                       "-- a comment; with a semicolon\nCREATE TABLE ((;")]
            original = postgres.postgres_migration_files
            postgres.postgres_migration_files = lambda: broken  # type: ignore[assignment]
            try:
                with pytest.raises(asyncpg.PostgresSyntaxError):
                    await postgres.migrate_postgres(conn)
            finally:
                postgres.postgres_migration_files = original  # type: ignore[assignment]
            tables = {r[0] for r in await conn.fetch(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema()")}
            assert "t" in tables and "first" not in tables
            assert [tuple(r) for r in await conn.fetch(
                "SELECT version, name FROM schema_migrations")] == [(1, "0001_ok.sql")]
        finally:
            await conn.close()

    try:
        asyncio.run(check())
    finally:
        drop_schema(schema)


@pytest.mark.parametrize(("sql", "expected"), [
    ("SELECT a FROM t WHERE b = ? AND c = ?", "SELECT a FROM t WHERE b = $1 AND c = $2"),
    ("UPDATE t SET a = '?' WHERE b = ?", "UPDATE t SET a = '?' WHERE b = $1"),
    ("SELECT 'it''s ?', ? FROM t", "SELECT 'it''s ?', $1 FROM t"),
    ('SELECT "odd?name" FROM t WHERE a = ?', 'SELECT "odd?name" FROM t WHERE a = $1'),
    ("SELECT ? -- why?\n, ?", "SELECT $1 -- why?\n, $2"),
    ("SELECT /* ? */ ?", "SELECT /* ? */ $1"),
    ("SELECT 1", "SELECT 1"),
])
def test_placeholders_become_numbered_outside_literals(sql: str, expected: str) -> None:
    assert placeholders(sql) == expected


def test_command_tags_give_the_rows_changed() -> None:
    assert changed("INSERT 0 1") == 1
    assert changed("UPDATE 12") == 12
    assert changed("DELETE 0") == 0
    assert changed("CREATE TABLE") == 0
