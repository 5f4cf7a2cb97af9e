"""Loaded into the bot process by bench_load.py --count (through PYTHONPATH): counts SQL
statements, commits and trips to a database thread (aiosqlite) and to the thread pool
(asyncio.to_thread), and writes the totals to $QORGAU_BENCH_COUNTS on SIGUSR1.
Works on any version of the bot, so two commits are measured the same way."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import threading

counts = {"statements": 0, "commits": 0, "db_hops": 0, "pool_hops": 0, "pg_trips": 0,
          "redis_trips": 0}
_lock = threading.Lock()
_connect = sqlite3.connect


def _trace(statement: str) -> None:
    verb = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
    with _lock:
        if verb in ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH"):
            counts["statements"] += 1
        elif verb in ("COMMIT", "END"):
            counts["commits"] += 1


def _counting_connect(*args: object, **kwargs: object) -> sqlite3.Connection:
    conn = _connect(*args, **kwargs)  # type: ignore[arg-type]
    conn.set_trace_callback(_trace)
    return conn


sqlite3.connect = _counting_connect  # type: ignore[assignment]

try:
    import aiosqlite.core

    _execute = aiosqlite.core.Connection._execute

    async def _counting_execute(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        counts["db_hops"] += 1
        return await _execute(self, fn, *args, **kwargs)

    aiosqlite.core.Connection._execute = _counting_execute  # type: ignore[method-assign]
except ImportError:
    pass

try:  # the scale path: a trip to PostgreSQL is a query sent and its answer awaited
    import asyncpg.connection

    _pg_execute, _pg_query = asyncpg.connection.Connection._execute, \
        asyncpg.connection.Connection.execute

    async def _counting_pg_execute(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        counts["pg_trips"] += 1  # a statement with arguments, or a fetch
        return await _pg_execute(self, *args, **kwargs)

    async def _counting_pg_query(self, query, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not args:  # BEGIN, COMMIT, SAVEPOINT...: the simple protocol, one trip
            counts["pg_trips"] += 1
        return await _pg_query(self, query, *args, **kwargs)

    asyncpg.connection.Connection._execute = _counting_pg_execute  # type: ignore[method-assign]
    asyncpg.connection.Connection.execute = _counting_pg_query  # type: ignore[method-assign]
except ImportError:
    pass

try:  # and to Redis: a command, or a pipeline / transaction sent as one
    import redis.asyncio.client

    _redis_command = redis.asyncio.client.Redis.execute_command
    _redis_pipeline = redis.asyncio.client.Pipeline.execute

    async def _counting_redis_command(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        counts["redis_trips"] += 1
        return await _redis_command(self, *args, **kwargs)

    async def _counting_redis_pipeline(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        counts["redis_trips"] += 1
        return await _redis_pipeline(self, *args, **kwargs)

    redis.asyncio.client.Redis.execute_command = _counting_redis_command  # type: ignore
    redis.asyncio.client.Pipeline.execute = _counting_redis_pipeline  # type: ignore
except ImportError:
    pass

_to_thread = asyncio.to_thread


async def _counting_to_thread(func, /, *args, **kwargs):  # type: ignore[no-untyped-def]
    counts["pool_hops"] += 1
    return await _to_thread(func, *args, **kwargs)


asyncio.to_thread = _counting_to_thread


def _dump(*_: object) -> None:
    path = os.environ.get("QORGAU_BENCH_COUNTS")
    if path:
        with _lock, open(path, "w") as out:
            json.dump(counts, out)


if os.environ.get("QORGAU_BENCH_COUNTS"):
    signal.signal(signal.SIGUSR1, _dump)
