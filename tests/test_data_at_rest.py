"""A copy of the bot's data files shows nothing anyone wrote nor whose ids are there, and, after
/forget, not even the keyed ids that stood for them: the database, its WAL and its shared-memory
file are read as bytes, as someone with a backup or the server's disk would, while the real bot
runs."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from sandbox.fakeapi import ThreadedServer
from tests.data_copy import encodings_of, sqlite_files
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
    reason="reads SQLite's files as bytes; on PostgreSQL what erasure means is in docs/SECURITY.md"
    " (tests/test_data_copy.py reads a dump)")


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

    files = sqlite_files(bot, tmp_path / "running")
    for secret in (*WORDS, PHONE, "7015550199", '"assessment"', '"description"'):
        assert secret.encode() not in files, f"{secret!r} is readable in the data files"
    for encoded in encodings_of(told.user_id):  # the relay opens the chat id it sealed
        assert encoded not in files, f"{encoded!r}: the person's id is in the data files"
    assert bot.keyed_id(told.user_id).to_bytes(8, "big") in files  # their rows, until...

    told.send("/forget")
    told.press(label("kk", "btn-erase-yes"))
    api.tg.wait_idle(quiet=0.5, timeout=15)
    files = sqlite_files(bot, tmp_path / "forgotten")
    for encoded in (*encodings_of(told.user_id), *encodings_of(bot.keyed_id(told.user_id))):
        assert encoded not in files, f"{encoded!r}: the person is still in the data files"
    assert bot.keyed_id(drafting.user_id).to_bytes(8, "big") in files  # others are untouched
