"""Dialogs in Redis (REDIS_URL): sealed, written only once the update commits, erased by
/forget, expiring by themselves. Runs against the local Redis (127.0.0.1:6379)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiogram.fsm.storage.base import StorageKey

from storage import unit as uow
from storage.crypto import Sealer
from storage.db import Database, SqliteDatabase
from storage.redis_fsm import RedisDialogs
from tests.redis_service import redis_url, require_redis

SEALER = Sealer.ephemeral()


@pytest.fixture(autouse=True)
def _needs_redis() -> None:
    require_redis()


ME = StorageKey(bot_id=1, chat_id=7_000_000_042, user_id=7_000_000_042)
OTHER = StorageKey(bot_id=1, chat_id=7_000_000_077, user_id=7_000_000_077)

def run(test: Callable[[RedisDialogs, Database, Any], Awaitable[None]], tmp_path: Path) -> None:
    from redis.asyncio import Redis

    async def wrapper() -> None:
        redis = Redis.from_url(redis_url())
        prefix = f"qorgau-test:{uuid.uuid4().hex}"
        db = SqliteDatabase(tmp_path / "q.db", SEALER)
        await db.connect()
        try:
            await test(RedisDialogs(redis, SEALER, retention_days=30, prefix=prefix), db, redis)
        finally:
            names = [n async for n in redis.scan_iter(f"{prefix}:*")]
            if names:
                await redis.delete(*names)
            await redis.aclose()
            await db.close()

    asyncio.run(wrapper())


def test_a_change_reaches_redis_only_when_the_update_commits(tmp_path: Path) -> None:
    async def check(dialogs: RedisDialogs, db: Database, redis: Any) -> None:
        unit = uow.UnitOfWork(db)
        with uow.active(unit):
            await dialogs.set_state(ME, "Assessment:question")
            await dialogs.set_data(ME, {"answers": {"1.1": "y"}, "words": "Ол мені ұрады"})
            assert await dialogs.get_state(ME) == "Assessment:question"  # reads its own change
            assert [k async for k in redis.scan_iter(f"{dialogs.prefix}:*")] == []
            await unit.commit()
        assert await dialogs.get_state(ME) == "Assessment:question"
        assert (await dialogs.get_data(ME))["answers"] == {"1.1": "y"}

    run(check, tmp_path)


def test_a_rolled_back_update_changes_nothing(tmp_path: Path) -> None:
    async def check(dialogs: RedisDialogs, db: Database, redis: Any) -> None:
        await dialogs.set_state(ME, "before")  # outside an update: at once
        unit = uow.UnitOfWork(db)
        with uow.active(unit):
            await dialogs.set_state(ME, "after")
            unit.rollback()  # e.g. a 429: the update runs again later
            assert await dialogs.get_state(ME) == "before"
            await unit.commit()
        assert await dialogs.get_state(ME) == "before"

    run(check, tmp_path)


def test_redis_holds_no_id_and_no_words_and_everything_expires(tmp_path: Path) -> None:
    async def check(dialogs: RedisDialogs, db: Database, redis: Any) -> None:
        await dialogs.set_data(ME, {"words": "Ол мені ұрады", "phone": "+77011234567"})
        names = [n async for n in redis.scan_iter(f"{dialogs.prefix}:*")]
        assert len(names) == 2  # the dialog, and the person's index
        for name in names:
            assert b"7000000042" not in name
            ttl = await redis.ttl(name)
            assert 29 * 86400 < ttl <= 30 * 86400
            if await redis.type(name) == b"string":
                raw = await redis.get(name)
                assert "ұрады".encode() not in raw and b"77011234567" not in raw

    run(check, tmp_path)


def test_forget_erases_every_dialog_of_the_person_and_only_theirs(tmp_path: Path) -> None:
    async def check(dialogs: RedisDialogs, db: Database, redis: Any) -> None:
        await dialogs.set_data(ME, {"a": 1})
        await dialogs.set_data(StorageKey(bot_id=1, chat_id=ME.chat_id, user_id=ME.user_id,
                                          destiny="other"), {"b": 2})
        await dialogs.set_data(OTHER, {"c": 3})
        unit = uow.UnitOfWork(db)
        with uow.active(unit):
            await dialogs.set_state(ME, "pending")  # not yet written: must not come back
            await dialogs.forget(ME.user_id)
            await unit.commit()
        assert await dialogs.get_data(ME) == {} and await dialogs.get_state(ME) is None
        assert await dialogs.get_data(OTHER) == {"c": 3}
        left = [n async for n in redis.scan_iter(f"{dialogs.prefix}:*")]
        assert len(left) == 2  # the other person's dialog and index

    run(check, tmp_path)


def test_an_emptied_dialog_is_deleted_not_kept(tmp_path: Path) -> None:
    async def check(dialogs: RedisDialogs, db: Database, redis: Any) -> None:
        await dialogs.set_state(ME, "x")
        await dialogs.set_state(ME, None)
        assert [n async for n in redis.scan_iter(f"{dialogs.prefix}:d:*")] == []

    run(check, tmp_path)


def test_two_processes_share_a_dialog(tmp_path: Path) -> None:
    """What replicas need: a dialog written by one is read by another."""
    async def check(dialogs: RedisDialogs, db: Database, redis: Any) -> None:
        other = RedisDialogs(redis, SEALER, retention_days=30, prefix=dialogs.prefix)
        await dialogs.set_data(ME, {"step": 3})
        assert await other.get_data(ME) == {"step": 3}

    run(check, tmp_path)


def test_the_private_dialog_is_found_for_mydata_and_sees_this_updates_changes(
        tmp_path: Path) -> None:
    async def check(dialogs: RedisDialogs, db: Database, redis: Any) -> None:
        assert await dialogs.private_dialog(ME.user_id) is None
        group = StorageKey(bot_id=1, chat_id=-100123, user_id=ME.user_id)
        await dialogs.set_data(group, {"where": "group"})
        await dialogs.set_state(ME, "Handoff:region")
        await dialogs.set_data(ME, {"where": "own chat"})
        assert await dialogs.private_dialog(ME.user_id) == ("Handoff:region",
                                                            {"where": "own chat"})
        unit = uow.UnitOfWork(db)
        with uow.active(unit):
            await dialogs.set_data(ME, {"where": "changed"})
            assert await dialogs.private_dialog(ME.user_id) == ("Handoff:region",
                                                                {"where": "changed"})
            await unit.commit()

    run(check, tmp_path)
