"""A copy of the bot's data files shows nothing anyone wrote, and, after /forget, not even who
they were: the database, its WAL and its shared-memory file are read as bytes, as someone with
a backup or the server's disk would, while the real bot runs."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest

from sandbox.fakeapi import ThreadedServer
from tests.databases import E2E_DATABASE_URL
from tests.fixtures import FORUM_GROUP, real_bot
from tests.harness import BotProcess, Person
from tests.screens import label, start_assessment
from tests.test_e2e_intake import begin, phone_step, to_contact

GROUP = FORUM_GROUP
_ids = itertools.count(7_412_345_678)  # ids that take six bytes in a SQLite record
PHONE = "+77015550199"
WORDS = ("Күйеуім-MARK1 мені қорқытады", "Draft-MARK2 ол ішеді", "Relay-MARK3 сәлем")


api, bot = real_bot("at-rest", forum=True)
pytestmark = pytest.mark.skipif(
    E2E_DATABASE_URL.startswith(("postgresql://", "postgres://")),
    reason="reads SQLite's files as bytes; on PostgreSQL what erasure means is in docs/SECURITY.md")


def snapshot(bot: BotProcess, into: Path) -> bytes:
    """The database, its WAL and shared-memory file, copied as a backup would copy them."""
    into.mkdir()
    data = b""
    for suffix in ("", "-wal", "-shm"):
        source = bot.data_dir / f"qorgau.db{suffix}"
        if source.exists():
            shutil.copy(source, into / source.name)
            data += (into / source.name).read_bytes()
    return data


def encodings_of(user_id: int) -> list[bytes]:
    """How an id can sit in the files: as text (JSON), or as a SQLite record integer."""
    return [str(user_id).encode(), user_id.to_bytes(6, "big"), user_id.to_bytes(8, "big")]


def test_what_people_wrote_is_sealed_and_forget_leaves_no_trace(
        api: ThreadedServer, bot: BotProcess, tmp_path: Path) -> None:
    told, drafting, answering = (Person(api.tg, next(_ids), "kk") for _ in range(3))
    phone_step(told, "kk")
    told.send(PHONE)
    told.send(WORDS[0])
    told.press(label("kk", "btn-intake-send"))
    api.tg.wait_idle(quiet=0.3, timeout=15)
    told.send(WORDS[2])  # relayed into the case's topic
    begin(drafting, "kk")
    to_contact(drafting, "kk")
    drafting.press(label("kk", "btn-contact-bot"))
    drafting.send(WORDS[1])  # in the preview, not sent: only in the dialog's data
    start_assessment(answering, "kk")
    for _ in range(3):
        answering.press(label("kk", "btn-yes"))
    api.tg.wait_idle(quiet=0.5, timeout=15)
    assert any(WORDS[2] in m.text for m in api.tg.history(GROUP))

    files = snapshot(bot, tmp_path / "running")
    for secret in (*WORDS, PHONE, "7015550199", '"assessment"', '"description"'):
        assert secret.encode() not in files, f"{secret!r} is readable in the data files"
    assert any(e in files for e in encodings_of(told.user_id))  # the relay needs it, until...

    told.send("/forget")
    told.press(label("kk", "btn-erase-yes"))
    api.tg.wait_idle(quiet=0.5, timeout=15)
    files = snapshot(bot, tmp_path / "forgotten")
    for encoded in encodings_of(told.user_id):
        assert encoded not in files, f"{encoded!r}: the person is still in the data files"
    assert any(e in files for e in encodings_of(drafting.user_id))  # others are untouched
