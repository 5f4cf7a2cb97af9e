"""Encryption at rest: sealing, key rotation, the key file, a wrong key, log pseudonyms."""

from __future__ import annotations

import asyncio
import stat
from pathlib import Path

import pytest

from storage.crypto import DataKeyError, Sealer, is_sealed, load_or_create_key, new_key
from storage.db import DatabaseError
from tests.databases import database_at, is_postgres


def test_a_sealed_value_shows_nothing_and_opens_again() -> None:
    sealer = Sealer(new_key())
    sealed = sealer.seal("Менің күйеуім <b>ұрды</b> +77011234567")
    assert is_sealed(sealed) and "7701" not in sealed and "ұрды".encode() not in sealed.encode()
    assert sealer.open(sealed) == "Менің күйеуім <b>ұрды</b> +77011234567"
    assert sealer.seal("same") != sealer.seal("same")  # a random IV each time


def test_rotation_reads_old_values_and_reseals_them_with_the_new_key() -> None:
    old, new = new_key(), new_key()
    written_long_ago = Sealer(old).seal("answers")
    rotating = Sealer(new, [old])
    assert rotating.open(written_long_ago) == "answers"
    resealed = rotating.reseal(written_long_ago)
    assert Sealer(new).open(resealed) == "answers"
    with pytest.raises(DataKeyError):
        Sealer(new).open(written_long_ago)


def test_values_stored_before_encryption_are_read_and_sealed_by_reseal() -> None:
    sealer = Sealer(new_key())
    assert sealer.open('{"q1": "yes"}') == '{"q1": "yes"}'
    assert is_sealed(sealer.reseal('{"q1": "yes"}'))


def test_the_key_file_is_created_once_readable_only_by_its_owner(tmp_path: Path,
                                                                 caplog: pytest.LogCaptureFixture,
                                                                 ) -> None:
    path = tmp_path / "keys" / "qorgau.key"
    key = load_or_create_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(path) == key
    assert sum("created a new data key" in r.getMessage() for r in caplog.records) == 1
    path.write_text("not a key")
    with pytest.raises(DataKeyError, match="does not hold a key"):
        load_or_create_key(path)


def test_a_wrong_key_stops_start_up_with_one_line(db_at: Path | str) -> None:
    async def open_with(sealer: Sealer) -> None:
        db = database_at(db_at, sealer)
        await db.connect()
        await db.close()

    key = new_key()
    asyncio.run(open_with(Sealer(key)))
    asyncio.run(open_with(Sealer(new_key(), [key])))  # rotating: the old key still opens it
    with pytest.raises(DatabaseError, match="data key does not open the database"):
        asyncio.run(open_with(Sealer(new_key())))


def test_pseudonyms_are_stable_per_key_and_say_nothing() -> None:
    key = new_key()
    assert Sealer(key).pseudonym(700001) == Sealer(key).pseudonym(700001)
    assert Sealer(key).pseudonym(700001) != Sealer(new_key()).pseudonym(700001)
    assert "700001" not in Sealer(key).pseudonym(700001)


def test_rekey_reseals_everything_so_the_old_key_can_be_destroyed(db_at: Path | str) -> None:
    import os
    import subprocess
    import sys

    from aiogram.fsm.storage.base import StorageKey

    from storage.broadcasts import BroadcastsRepo
    from storage.cases import CasesRepo
    from storage.fsm import SQLStorage
    from storage.inbox import InboxRepo
    from storage.outbox import OutboxRepo

    old, new = new_key(), new_key()
    path = db_at

    async def write() -> None:
        db = database_at(path, Sealer(old))
        await db.connect()
        await SQLStorage(db).set_data(StorageKey(1, 5, 5), {"description": "draft"})
        await CasesRepo(db).open(1, 5, {"description": "told"}, False, lambda case_id: [])
        await OutboxRepo(db).enqueue(5, "sendMessage", '{"text": "queued"}', kind="test")
        await InboxRepo(db).store([(9, '{"update_id": 9}')], 10)
        await BroadcastsRepo(db).create(1, "all", {"ru": ["sendMessage", "{}"]})
        await db.close()

    async def read(sealer: Sealer) -> list[object]:
        db = database_at(path, sealer)
        await db.connect()
        try:
            case = await CasesRepo(db).get(1)
            return [await SQLStorage(db).get_data(StorageKey(1, 5, 5)),
                    (case.user_id, case.summary) if case else None,
                    [(r.chat_id, r.payload) for r in await OutboxRepo(db).due(10)],
                    await InboxRepo(db).pending(),
                    (await BroadcastsRepo(db).get(1)).versions]  # type: ignore[union-attr]
        finally:
            await db.close()

    asyncio.run(write())
    env = {**os.environ, "DATA_KEY": new, "DATA_KEYS_OLD": old,
           "DATABASE_URL": path if is_postgres(path) else f"sqlite:///{path}",
           "BOT_TOKEN": "123456:REKEY-test"}
    done = subprocess.run([sys.executable, "-m", "bot", "rekey"], env=env, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    # the id key, and the chat ids of the case and of the queued message, are sealed too
    assert "re-sealed 9 values" in done.stdout
    # keyed ids still find their rows: the id key was re-sealed, not replaced (storage.ids)
    assert asyncio.run(read(Sealer(new))) == [
        {"description": "draft"}, (5, {"description": "told"}), [(5, '{"text": "queued"}')],
        [(9, '{"update_id": 9}')], {"ru": ["sendMessage", "{}"]}]
    with pytest.raises(DatabaseError):
        asyncio.run(read(Sealer(old)))
