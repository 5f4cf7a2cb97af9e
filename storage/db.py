"""Where code gets its database: `open_database` chooses the engine that DATABASE_URL names,
and this module gives the names the rest of the code imports (the interface, from
storage.engine; the time helpers; `check_location`).

    storage/engine.py    the interface (Database, Transaction) and what both engines share
    storage/sqlite.py    SQLite (the default): a file, WAL, two connections
    storage/postgres.py  PostgreSQL (asyncpg): a pool, replicas, claims with row locks
    storage/schema.py    the numbered migrations, one source rendered for each engine

Neither engine imports the other, nor this module.
"""

from __future__ import annotations

import os
from pathlib import Path

from storage.crypto import Sealer
from storage.engine import (
    Database,
    DatabaseError,
    Params,
    Row,
    Statement,
    Stats,
    Transaction,
    now,
    now_ms,
)
from storage.schema import migration_files
from storage.sqlite import SqliteDatabase

__all__ = [
    "Database",
    "DatabaseError",
    "Params",
    "Row",
    "SqliteDatabase",
    "Statement",
    "Stats",
    "Transaction",
    "check_location",
    "migration_files",
    "now",
    "now_ms",
    "open_database",
]


def check_location(location: Path | str) -> None:
    """Can a SQLite database live at `location`? Asked before start-up writes anything (the Bot
    API is asked first): nothing is created here. PostgreSQL is asked when it connects."""
    if not isinstance(location, Path):
        return
    existing = next(p for p in (location, *location.parents) if p.exists())
    if existing == location:
        problem = None if location.is_file() and os.access(location, os.R_OK | os.W_OK) \
            else "not a file this user may read and write"
    elif not existing.is_dir():
        problem = f"{existing} is not a folder"
    elif not os.access(existing, os.W_OK | os.X_OK):
        problem = f"no permission to create files in {existing}"
    else:
        problem = None
    if problem:
        raise DatabaseError(f"cannot open the database at {location}: {problem}")


def open_database(location: Path | str, sealer: Sealer | None = None) -> Database:
    """The database named by DATABASE_URL: a postgresql:// (or postgres://) URL opens
    PostgreSQL (storage/postgres.py); a path, or sqlite:///path, a SQLite file."""
    text = str(location)
    if text.startswith(("postgresql://", "postgres://")):
        from storage.postgres import PostgresDatabase  # the scale path's: imported only then

        return PostgresDatabase(text, sealer)
    return SqliteDatabase(Path(text.removeprefix("sqlite:///")), sealer)
