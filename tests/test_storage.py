"""Storage on real SQLite files and on the local PostgreSQL (each test runs on both, see
tests/databases.py): migrations, WAL, the FSM storage, erasing a person."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiogram.fsm.storage.base import StorageKey

from bot.assessment.states import Assessment
from dialogs.journal import Entry
from dialogs.safety_plan import SafetyPlan
from storage.bot_state import BotState
from storage.case_notes import CaseNotesRepo
from storage.cases import CasesRepo
from storage.chat_log import ChatLogRepo
from storage.contact import ContactRepo
from storage.crypto import Sealer
from storage.db import Database, migration_files, now
from storage.fsm import SQLStorage
from storage.inbox import InboxRepo
from storage.journal import JournalRepo
from storage.journal_files import JournalFilesRepo
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo
from storage.safety_plans import SafetyPlansRepo
from storage.subscriptions import SubscriptionsRepo
from tests.databases import database_at

# Tables that name no person (bot_state: the polling offset; inbox: raw updates, deleted once
# handled, that forget() cannot search without parsing; they live seconds).
# relay_map and case_events hold a case's message ids and who did what, never a person's id;
# relay_map rows of the person's cases are deleted (checked below).
# broadcasts name only the NGO admin who composed them; the directory lists organisations.
# journal_file_chunks hold a file's pieces by its id: deleted with their file (checked below).
# case_notes hold what defenders noted on a case, by its id: deleted with the person's cases
# (checked below). canned_answers are each organisation's texts for anyone.
NO_PERSON_TABLES = {"schema_migrations", "bot_state", "inbox", "relay_map", "case_events",
                    "broadcasts", "directory", "webhook_seen", "journal_file_chunks",
                    "case_notes", "canned_answers"}


SEALER = Sealer.ephemeral()  # one key for the module, so a test can reopen its database


def run(test: Callable[[Database], Awaitable[Any]], where: Path | str) -> Any:
    """The test on the database at `where` (a SQLite path or a PostgreSQL URL), opened and
    migrated, then closed."""
    async def wrapper() -> Any:
        db = database_at(where, SEALER)
        await db.connect()
        try:
            return await test(db)
        finally:
            await db.close()

    return asyncio.run(wrapper())


async def table_columns(db: Database) -> dict[str, list[str]]:
    """Every table of the database and its columns, in order (SQLite or PostgreSQL)."""
    if db.dialect == "sqlite":
        tables = [r[0] for r in await db.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {t: [r[1] for r in await db.fetchall(f"PRAGMA table_info({t})")] for t in tables}
    rows = await db.fetchall(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position")
    found: dict[str, list[str]] = {}
    for table, column in rows:
        found.setdefault(table, []).append(column)
    return found


def test_migrations_are_idempotent_and_wal_is_on(db_at: Path | str) -> None:
    async def check(db: Database) -> None:
        if db.dialect == "sqlite":
            row = await db.fetchone("PRAGMA journal_mode")
            assert row is not None and row[0] == "wal"
        versions = await db.fetchall("SELECT version FROM schema_migrations ORDER BY version")
        assert [r[0] for r in versions] == [v for v, _, _ in migration_files(db.dialect)]

    run(check, db_at)
    run(check, db_at)  # a second start applies nothing new


def test_fsm_storage_survives_reopening(db_at: Path | str) -> None:
    key = StorageKey(bot_id=1, chat_id=42, user_id=42)

    async def write(db: Database) -> None:
        storage = SQLStorage(db)
        await storage.set_state(key, Assessment.answering)
        await storage.set_data(key, {"assessment": {"pos": 3, "answers": {"1.1": "y"}}, "ж": "қ"})

    async def read(db: Database) -> tuple[str | None, dict[str, Any], str | None]:
        storage = SQLStorage(db)
        other = StorageKey(bot_id=1, chat_id=43, user_id=43)
        return await storage.get_state(key), await storage.get_data(key), \
            await storage.get_state(other)

    run(write, db_at)
    state, data, other = run(read, db_at)
    assert state == Assessment.answering.state
    assert data == {"assessment": {"pos": 3, "answers": {"1.1": "y"}}, "ж": "қ"}
    assert other is None


def test_forget_removes_the_person_from_every_table(db_at: Path | str) -> None:
    me, someone = 42, 77

    async def check(db: Database) -> None:
        dialogs = SQLStorage(db)
        people = PeopleRepo(db, dialogs)
        for user in (me, someone):
            await people.set_locale(user, "kk")
            await dialogs.set_data(StorageKey(1, user, user), {"x": 1})
            await ChatLogRepo(db).remember(user, 5)
            await OutboxRepo(db).enqueue(user, "sendMessage", "{}", kind="test")
            case_id, _ = await CasesRepo(db).open(user, user, {"locale": "kk"}, False,
                                                  lambda case_id: [])
            await CasesRepo(db).map(case_id, 10, 20, "in")
            await CaseNotesRepo(db).add(case_id, 9, "called her sister")
            await CasesRepo(db).set_display_name(user, "name")
            await SubscriptionsRepo(db).subscribe(user, "kk")
            await SafetyPlansRepo(db).save(user, SafetyPlan())
            await JournalRepo(db).add(user, Entry(what="what happened"))
            files = JournalFilesRepo(db)
            await files.record(user, "draft", "photo", "f", "u", 10)
            for download in await files.claim(f"worker-{user}"):
                await files.stored(download.id, b"contents", "digest")
            await ContactRepo(db).pause(user, "exit")
        mine = (await CasesRepo(db).latest_of(me)).id  # type: ignore[union-attr]
        await people.forget(me)
        assert await db.fetchall("SELECT * FROM relay_map WHERE case_id = ?", (mine,)) == []
        assert await CaseNotesRepo(db).latest(mine) == []
        assert len(await db.fetchall("SELECT case_id FROM case_notes")) == 1  # someone's
        kept = await db.fetchall("SELECT file_id FROM journal_file_chunks")
        assert len(kept) == 1  # someone's: mine went with my files
        erased = await CasesRepo(db).get(mine)  # what the person told is gone
        assert erased is not None and erased.summary == {} and erased.user_id is None
        assert await CasesRepo(db).latest_of(someone) is not None
        for table, columns in (await table_columns(db)).items():
            person_columns = [c for c in columns if c in ("user_id", "chat_id")]
            if table not in NO_PERSON_TABLES:
                assert person_columns, f"{table} holds no person id: check forget() anyway"
            for column in person_columns:
                row = await db.fetchone(f"SELECT COUNT(*) FROM {table} WHERE {column} IN (?, ?)",
                                        (me, db.sealer.keyed_id(me)))  # the id, or its keyed id
                assert row is not None and row[0] == 0, f"{table}.{column} still holds the person"
        assert await people.locale(someone) == "kk"
        assert await people.locale(me) is None
        assert await dialogs.get_data(StorageKey(1, me, me)) == {}  # gone from the cache too

    run(check, db_at)


def test_chat_log_keeps_only_what_can_still_be_deleted(db_at: Path | str) -> None:
    async def check(db: Database) -> None:
        log = ChatLogRepo(db)
        await log.remember(1, 10)
        await log.remember(1, 11)
        await log.remember(1, 11)  # the same id twice is one row
        await db.execute("UPDATE chat_messages SET sent_at = 0 WHERE message_id = 10")
        assert await log.deletable(1) == [11]
        assert await log.purge_expired() == 1

    run(check, db_at)


def test_retention_purge_forgets_old_dialogs_and_undeletable_ids(db_at: Path | str) -> None:
    from storage.retention import purge

    async def check(db: Database) -> None:
        storage = SQLStorage(db)
        await storage.set_data(StorageKey(1, 5, 5), {"old": True})
        await storage.set_data(StorageKey(1, 6, 6), {"fresh": True})
        await db.execute("UPDATE fsm_state SET updated_at = 0 WHERE user_id = ?",
                         (db.sealer.keyed_id(5),))  # rows name people by keyed ids
        await ChatLogRepo(db).remember(5, 1)
        await db.execute("UPDATE chat_messages SET sent_at = 0")
        files = JournalFilesRepo(db)  # a draft's file, its draft gone long ago; a saved one
        for draft in ("gone", "saved"):
            await files.record(5, draft, "photo", "f", "u", 10)
        for download in await files.claim("me"):
            await files.stored(download.id, b"contents", "digest")
        await files.attach(5, "saved", 1)
        await db.execute("UPDATE journal_files SET received_at = 0")
        counts = await purge(db, storage, dialog_days=30, case_days=90)
        assert counts["message ids"] == 1 and counts["dialogs"] == 1
        assert counts["journal files of drafts gone"] == 1
        assert len(await files.of_entry(5, 1)) == 1  # a saved entry's file stays
        assert len(await db.fetchall("SELECT * FROM journal_file_chunks")) == 1
        reopened = SQLStorage(db)  # the rows were aged behind the cache's back
        assert await reopened.get_data(StorageKey(1, 5, 5)) == {}
        assert await reopened.get_data(StorageKey(1, 6, 6)) == {"fresh": True}

    run(check, db_at)


def test_retention_purges_cases_closed_long_ago_with_their_relay_maps(db_at: Path | str) -> None:
    async def check(db: Database) -> None:
        cases = CasesRepo(db)
        ids = []
        for origin in (1, 2, 3):
            case_id, _ = await cases.open(origin, 500 + origin, {"locale": "ru"}, False,
                                          lambda case_id: [])
            await cases.map(case_id, 10, 20, "in")
            ids.append(case_id)
        old_closed, recent_closed, old_open = ids
        await cases.close(old_closed, "defender")
        await cases.close(recent_closed, "person")
        await db.execute("UPDATE cases SET updated_at = 0 WHERE id IN (?, ?)",
                         (old_closed, old_open))
        assert await cases.purge_closed(days=90) == 1
        assert await cases.get(old_closed) is None
        assert await db.fetchall("SELECT * FROM relay_map WHERE case_id = ?", (old_closed,)) == []
        assert await cases.get(recent_closed) is not None and await cases.get(old_open) is not None
        assert await db.fetchall("SELECT event FROM case_events WHERE case_id = ? ORDER BY id",
                                 (old_closed,)) == [("opened",), ("closed",), ("purged",)]

    run(check, db_at)


def test_a_paused_chat_gets_nothing_until_the_person_resumes(db_at: Path | str) -> None:
    paused, other = 42, 77

    async def check(db: Database) -> None:
        outbox, contact = OutboxRepo(db), ContactRepo(db)
        for chat in (paused, other, paused):  # a reply, news to someone else, then news
            await outbox.enqueue(chat, "sendMessage", "{}", kind="test")
        assert await contact.pause(paused, "exit")
        assert not await contact.pause(paused, "not_now")  # the first cause is kept
        for take in (outbox.due(10), outbox.claim(10, "replica-a")):
            assert [r.chat_id for r in await take] == [other]
        assert await outbox.depth() == 1 and await contact.held(paused) == 2
        await contact.resume(paused)
        claimed = await outbox.claim(10, "replica-a")
        assert [r.chat_id for r in claimed] == [paused, other]  # one a chat, the oldest first
        await contact.pause(paused, "not_now")
        assert await contact.drop_held(paused) == 2
        await contact.resume(paused)
        assert [r.chat_id for r in await outbox.due(10)] == [other]

    run(check, db_at)


def test_queue_backlogs_and_bot_state(db_at: Path | str) -> None:
    """What /metrics reads (InboxRepo.backlog, OutboxRepo.backlog) and the bot's own named
    values (BotState: the polling offset, a group that moved)."""
    async def check(db: Database) -> None:
        inbox, outbox, state = InboxRepo(db), OutboxRepo(db), BotState(db)
        assert await inbox.backlog() == (0, None)
        assert await outbox.backlog() == (0, None)
        before = now()
        await inbox.store([(7, "{}"), (8, "{}")], 9)
        await outbox.enqueue(1, "sendMessage", "{}", kind="general")
        count, oldest = await inbox.backlog()
        assert count == 2 and oldest is not None and before <= oldest <= now()
        count, first = await outbox.backlog()
        assert count == 1 and first is not None and before <= first <= now()
        await inbox.finish(7)
        assert (await inbox.backlog())[0] == 1
        assert await inbox.offset() == 9 and await state.get("polling_offset") == "9"
        assert await state.get("moved") is None
        await state.put("moved", "a")
        await state.put("moved", "b")
        assert await state.get("moved") == "b"

    run(check, db_at)
