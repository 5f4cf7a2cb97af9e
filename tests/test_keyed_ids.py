"""People's ids at rest (storage/ids.py, migration 0016): rows name a person by a keyed id and
hold a chat id only sealed; rows an earlier version wrote with ids in clear are keyed at the
first start, and the bot finds them as before. On SQLite and PostgreSQL (tests/databases.py)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from dialogs.safety_plan import SafetyPlan
from storage.cases import CasesRepo
from storage.chat_log import ChatLogRepo
from storage.contact import ContactRepo
from storage.crypto import KEYED_ID_BASE, Sealer, new_key
from storage.db import Database, now, now_ms
from storage.fsm import SQLStorage
from storage.ids import KEYED, PERSON_COLUMNS
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo
from storage.safety_plans import SafetyPlansRepo
from storage.subscriptions import SubscriptionsRepo
from tests.databases import database_at

SEALER = Sealer.ephemeral()
ME, GROUP = 7_400_000_123, -1001234567890


def test_keyed_ids_are_never_telegram_ids_and_differ_by_id_key() -> None:
    one = Sealer(new_key()).with_id_key(b"1" * 32)
    other = Sealer(new_key()).with_id_key(b"2" * 32)
    ids = range(1, 20_001)
    keyed = {one.keyed_id(i) for i in ids}
    assert len(keyed) == len(ids)  # no two people share one
    assert all(KEYED_ID_BASE <= k < 2 * KEYED_ID_BASE for k in keyed)  # BIGINT, never an id
    assert one.keyed_id(ME) == one.keyed_id(ME) != other.keyed_id(ME)
    assert one.keyed_id(GROUP) == GROUP  # a group's id is kept: limits and moves need it
    assert one.open_id(one.seal_id(ME)) == ME


async def _old_rows(db: Database) -> None:
    """Rows as a version before 0016 wrote them: ids in clear, no sealed chat ids."""
    at, sealer = now(), db.sealer
    plan = sealer.seal(json.dumps(SafetyPlan(code_word="word").to_data()))
    await db.run([
        ("INSERT INTO people (user_id, locale, created_at) VALUES (?, 'kk', ?)", (ME, at)),
        ("INSERT INTO fsm_state (bot_id, chat_id, user_id, state, data, updated_at)"
         " VALUES (1, ?, ?, 'Old:state', ?, ?)", (ME, ME, sealer.seal('{"a": 1}'), at)),
        ("INSERT INTO chat_messages (chat_id, message_id, sent_at) VALUES (?, 10, ?)", (ME, at)),
        ("INSERT INTO chat_undeletable (chat_id) VALUES (?)", (ME,)),
        ("INSERT INTO safety_plans (user_id, plan, updated_at) VALUES (?, ?, ?)",
         (ME, plan, at)),
        ("INSERT INTO contact (chat_id, paused_at, paused_by) VALUES (?, ?, 'exit')", (ME, at)),
        ("INSERT INTO cases (origin, user_id, summary, urgent, created_at, updated_at,"
         " announced_at) VALUES (1, ?, ?, 1, ?, ?, ?)", (ME, sealer.seal("{}"), at, at, at)),
        ("INSERT INTO subscriptions (chat_id, locale, created_at, updated_at)"
         " VALUES (?, 'kk', ?, ?)", (ME, at, at)),
        *(("INSERT INTO outbox (chat_id, method, payload, kind, not_before, created_at)"
           " VALUES (?, 'sendMessage', ?, 'test', ?, ?)", (chat, sealer.seal("{}"), now_ms(), at))
          for chat in (ME, GROUP)),
        ("DELETE FROM bot_state WHERE name = ?", (KEYED,)),
    ])


def test_rows_an_earlier_version_wrote_are_keyed_at_start(db_at: Path | str) -> None:
    async def check() -> None:
        db = database_at(db_at, SEALER)
        await db.connect()
        await _old_rows(db)
        await db.close()
        db = database_at(db_at, SEALER)
        await db.connect()  # the start after the upgrade
        try:
            for table, column, _ in PERSON_COLUMNS:
                row = await db.fetchone(f"SELECT COUNT(*) FROM {table} WHERE {column} > 0"
                                        f" AND {column} < ?", (KEYED_ID_BASE,))
                assert row == (0,), f"{table}.{column} still holds an id in clear"
            # and the bot finds everything as before
            assert await PeopleRepo(db, SQLStorage(db)).locale(ME) == "kk"
            assert await SQLStorage(db).private_dialog(ME) == ("Old:state", {"a": 1})
            assert await ChatLogRepo(db).deletable(ME) == [10]
            assert await ChatLogRepo(db).older_remain(ME)
            stored = await SafetyPlansRepo(db).get(ME)
            assert stored is not None and stored.plan.code_word == "word"
            assert (await ContactRepo(db).get(ME)).paused
            case = await CasesRepo(db).open_case_of(ME)
            assert case is not None and case.user_id == ME  # opened from its sealed column
            assert [s.chat_id for s in await SubscriptionsRepo(db).audience(("kk",))] == [ME]
            await ContactRepo(db).resume(ME)
            assert sorted(r.chat_id for r in await OutboxRepo(db).due(10)) == [GROUP, ME]
            assert await ContactRepo(db).held(ME) == 1
        finally:
            await db.close()
        db = database_at(db_at, SEALER)
        await db.connect()  # done once: a later start changes nothing
        try:
            assert (await CasesRepo(db).open_case_of(ME)) is not None
        finally:
            await db.close()

    asyncio.run(check())
