"""Transactions and units of work on real SQLite files and the local PostgreSQL: isolation,
one commit per update, read-your-writes, rollback of caches, migrations applied whole."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from aiogram.fsm.storage.base import StorageKey
from asyncpg.exceptions import UndefinedTableError as UndefinedTable

from storage import unit as uow
from storage.db import Database
from storage.fsm import SQLStorage
from storage.inbox import InboxRepo
from storage.people import PeopleRepo
from storage.sqlite import _apply_script
from tests.test_storage import run

KEY = StorageKey(bot_id=1, chat_id=42, user_id=42)


def test_a_failed_transaction_leaves_only_what_others_committed(db_at: Path | str) -> None:
    """The interleaving from issue 11: a transaction inserts person 1, awaits, raises; meanwhile
    set_locale(2) commits. Afterwards the table holds person 2 only."""

    async def check(db: Database) -> None:
        people = PeopleRepo(db, SQLStorage(db))
        inserted = asyncio.Event()

        async def failing_unit() -> None:
            async with db.transaction() as tx:
                await tx.execute("INSERT INTO people (user_id, locale, created_at)"
                                 " VALUES (1, 'kk', 0)")
                inserted.set()
                await asyncio.sleep(0.05)
                raise RuntimeError("the unit of work fails")

        async def other() -> None:
            await inserted.wait()
            await people.set_locale(2, "ru")

        results = await asyncio.gather(failing_unit(), other(), return_exceptions=True)
        assert isinstance(results[0], RuntimeError) and results[1] is None
        rows = await db.fetchall("SELECT user_id FROM people ORDER BY user_id")
        assert rows == [(db.sealer.keyed_id(2),)]  # the repository keys the id

    run(check, db_at)


def test_reads_outside_a_transaction_never_see_its_uncommitted_rows(db_at: Path | str) -> None:
    async def check(db: Database) -> None:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO people (user_id, locale, created_at) VALUES (3, 'en', 0)")
            assert await tx.fetchone("SELECT locale FROM people WHERE user_id = 3") == ("en",)
            assert await db.fetchone("SELECT locale FROM people WHERE user_id = 3") is None
        assert await db.fetchone("SELECT locale FROM people WHERE user_id = 3") == ("en",)

    run(check, db_at)


def test_one_update_is_one_commit_and_one_trip_to_the_database(db_at: Path | str) -> None:
    """A press changes state and data (twice, as aiogram's update_data does) and is marked done:
    one upsert, one delete, one commit; on SQLite without a trip to a thread (a quick commit,
    on the event loop's thread), on PostgreSQL one trip to the server."""

    async def check(db: Database) -> None:
        dialogs = SQLStorage(db)
        inbox = InboxRepo(db)
        await inbox.store([(500, "{}")], 501)
        await dialogs.get_state(KEY)  # warm: aiogram's FSM middleware reads it first
        before = (db.stats.statements, db.stats.commits, db.stats.hops)
        unit = uow.UnitOfWork(db)
        with uow.active(unit):
            await dialogs.set_state(KEY, "Assessment:answering")
            await dialogs.update_data(KEY, {"pos": 1})
            await dialogs.update_data(KEY, {"answers": {"1.1": "y"}})
        await unit.commit(inbox.done(500))
        after = (db.stats.statements, db.stats.commits, db.stats.hops)
        trips = 0 if db.dialect == "sqlite" else 1
        assert [a - b for a, b in zip(after, before, strict=True)] == [2, 1, trips]
        fresh = SQLStorage(db)
        assert await fresh.get_state(KEY) == "Assessment:answering"
        assert await fresh.get_data(KEY) == {"pos": 1, "answers": {"1.1": "y"}}
        assert await inbox.pending() == []

    run(check, db_at)


def test_disjoint_writes_are_one_trip_and_still_all_or_nothing(
        db_at: Path | str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The inbox's batch (its updates and the offset) is one statement on PostgreSQL, where it
    was BEGIN, each INSERT and COMMIT; a lone statement needs no BEGIN either. The rows each
    statement changed come back as before, and a refused statement undoes the others."""
    import asyncpg.connection

    trips: list[str] = []
    execute, query = asyncpg.connection.Connection._execute, asyncpg.connection.Connection.execute

    async def counted_execute(self: object, sql: str, *args: object, **kwargs: object) -> object:
        trips.append(sql)
        return await execute(self, sql, *args, **kwargs)

    async def counted_query(self: object, sql: str, *args: object, **kwargs: object) -> object:
        if not args:  # BEGIN, COMMIT: the simple protocol (with arguments: _execute)
            trips.append(sql)
        return await query(self, sql, *args, **kwargs)

    monkeypatch.setattr(asyncpg.connection.Connection, "_execute", counted_execute)
    monkeypatch.setattr(asyncpg.connection.Connection, "execute", counted_query)
    insert = ("INSERT INTO bot_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")

    async def check(db: Database) -> None:
        inbox = InboxRepo(db)
        await inbox.store([(600, "{}")], 601)
        trips.clear()
        await inbox.store([(600, "{}"), (602, "{}"), (603, "{}")], 604)
        one_trip = [] if db.dialect == "sqlite" else [trips[-1]]
        assert trips == one_trip
        assert [u for u, _ in await inbox.pending()] == [600, 602, 603]
        assert await inbox.offset() == 604
        assert await db.run([(insert, ("a", "1")), (insert, ("a", "2")), (insert, ("b", "3"))],
                            disjoint=db.dialect == "sqlite") == [1, 0, 1]
        # one statement of the batch refused: none of the batch stays
        with pytest.raises(Exception, match="no_such_table"):
            await db.run([(insert, ("c", "1")),
                          ("INSERT INTO no_such_table (a) VALUES (?)", (1,))], disjoint=True)
        assert await db.fetchone("SELECT COUNT(*) FROM bot_state WHERE name = 'c'") == (0,)
        trips.clear()
        await db.execute(insert, ("d", "1"))
        assert len(trips) == (0 if db.dialect == "sqlite" else 1)

    run(check, db_at)


def test_only_writes_without_returning_are_joined_into_one_statement() -> None:
    from storage.postgres import _as_one

    joined = _as_one(("INSERT INTO t (a) VALUES (?)", "DELETE FROM u WHERE b = ?"))
    assert joined == ("WITH w0 AS (INSERT INTO t (a) VALUES ($1) RETURNING 1),"
                      " w1 AS (DELETE FROM u WHERE b = $2 RETURNING 1)"
                      " SELECT (SELECT count(*) FROM w0), (SELECT count(*) FROM w1)")
    for refused in ("SELECT 1", "INSERT INTO t (a) VALUES (?) RETURNING a"):
        with pytest.raises(ValueError):
            _as_one((refused, "DELETE FROM u"))


def test_a_rolled_back_unit_leaves_no_trace_in_the_cache(db_at: Path | str) -> None:
    async def check(db: Database) -> None:
        dialogs = SQLStorage(db)
        people = PeopleRepo(db, dialogs)
        unit = uow.UnitOfWork(db)
        with uow.active(unit):
            await dialogs.set_state(KEY, "Assessment:answering")
            await people.set_locale(42, "kk")
        unit.rollback()
        assert await dialogs.get_state(KEY) is None
        assert await people.locale(42) is None
        assert await db.fetchone("SELECT COUNT(*) FROM fsm_state") == (0,)

    run(check, db_at)


def test_a_read_inside_a_unit_sees_the_units_own_writes(db_at: Path | str) -> None:
    from storage.chat_log import ChatLogRepo

    async def check(db: Database) -> None:
        log = ChatLogRepo(db)
        unit = uow.UnitOfWork(db)
        with uow.active(unit):
            await log.remember(42, 7)  # the /exit message itself
            assert await log.deletable(42) == [7]
        await unit.commit()

    run(check, db_at)


def test_a_dialog_back_to_empty_is_deleted_not_kept(db_at: Path | str) -> None:
    async def check(db: Database) -> None:
        dialogs = SQLStorage(db)
        await dialogs.set_state(KEY, "x")
        await dialogs.set_data(KEY, {"a": 1})
        await dialogs.set_state(KEY, None)
        await dialogs.set_data(KEY, {})
        assert await db.fetchone("SELECT COUNT(*) FROM fsm_state") == (0,)

    run(check, db_at)


def test_a_migration_file_is_applied_whole_or_not_at_all(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "m.db", isolation_level=None)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT,"
                 " applied_at INTEGER)")
    broken = "CREATE TABLE first (a INT);\n-- a comment; with a semicolon\nCREATE TABLE ((;"
    with pytest.raises(sqlite3.Error):
        _apply_script(conn, broken, 99, "0099_broken.sql")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "first" not in tables
    assert conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone() == (0,)
    # A trigger body holds semicolons: the file is not split on them.
    script = ("CREATE TABLE t (a INT);\nCREATE TABLE log (a INT);\n"
              "CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.a); END;")
    _apply_script(conn, script, 1, "0001_ok.sql")
    conn.execute("INSERT INTO t VALUES (5)")
    assert conn.execute("SELECT a FROM log").fetchall() == [(5,)]
    conn.close()


def test_units_that_finish_together_share_a_commit_and_fail_alone(db_at: Path | str) -> None:
    """Group commit: fifty units committing at once take a few transactions, not fifty; a unit
    whose statement fails gets its error, and only its own writes are undone."""

    async def check(db: Database) -> None:
        async def one(user: int) -> None:
            unit = uow.UnitOfWork(db)
            unit.add("INSERT INTO people (user_id, locale, created_at) VALUES (?, 'kk', 0)",
                     (user,))
            if user == 13:
                unit.add("INSERT INTO no_such_table VALUES (1)")
            await unit.commit()

        before = db.stats.commits
        results = await asyncio.gather(*(one(u) for u in range(50)), return_exceptions=True)
        assert [i for i, r in enumerate(results) if r is not None] == [13]
        assert isinstance(results[13], (sqlite3.OperationalError, UndefinedTable))
        assert db.stats.commits - before < 10
        rows = await db.fetchall("SELECT user_id FROM people ORDER BY user_id")
        assert [r[0] for r in rows] == [u for u in range(50) if u != 13]

    run(check, db_at)
