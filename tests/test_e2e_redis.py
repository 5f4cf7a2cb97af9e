"""The real bot with REDIS_URL set (the scale path), against the stand-in Bot API and the local
Redis: dialogs live in Redis and survive kill -9, Redis holds no id and no words, /forget
erases them, and a Redis that does not answer stops start-up with one line."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from sandbox.fakeapi import ThreadedServer
from tests.harness import BotProcess, Person
from tests.redis_service import redis_url, require_redis
from tests.screens import TOTAL, label, plain, start_assessment
from tests.test_settings import TOKEN, assert_one_line, run_bot

PERSON = 7_310_000_042


@pytest.fixture(autouse=True)
def _needs_redis() -> None:
    require_redis()


@pytest.fixture
def store() -> Iterator[tuple[redis.Redis, str]]:
    client = redis.Redis.from_url(redis_url())
    prefix = f"qorgau-test-{uuid.uuid4().hex[:12]}"
    yield client, prefix
    names = list(client.scan_iter(f"{prefix}:*"))
    if names:
        client.delete(*names)
    client.close()


def on_question(person: Person, locale: str, number: int) -> None:
    assert person.screen is not None
    assert plain(locale, "question-progress", number=number, total=TOTAL) in person.screen.text


@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_a_dialog_lives_in_redis_survives_kill_9_and_is_erased_by_forget(
        api: ThreadedServer, tmp_path: Path, store: tuple[redis.Redis, str],
        locale: str) -> None:
    client, prefix = store
    with BotProcess.for_server(api, tmp_path, extra_env={
            "REDIS_URL": redis_url(), "REDIS_PREFIX": prefix}).start() as bot:
        person = Person(api.tg, PERSON, locale)
        start_assessment(person, locale)
        person.press(label(locale, "btn-yes"))
        person.press(label(locale, "btn-no"))
        on_question(person, locale, 3)

        names = list(client.scan_iter(f"{prefix}:*"))
        assert any(b":fsm:d:" in n for n in names)
        for name in names:  # no id in a key's name, no answer or word in a value
            assert str(PERSON).encode() not in name
            if client.type(name) == b"string":
                value = client.get(name)
                assert value is not None and b"Assessment" not in value and b'"y"' not in value

        bot.kill()
        # The database has no dialog at all: it is Redis that carries it over the crash.
        bot.start()
        person.send("/menu")
        person.press(label(locale, "btn-assess-resume", number=3, total=TOTAL))
        on_question(person, locale, 3)

        person.send("/forget")
        person.press(label(locale, "btn-erase-yes"))
        assert not [n for n in client.scan_iter(f"{prefix}:fsm:*")]


# A Redis that does not answer: tests/test_e2e_startup.py (one line, nothing written).


def test_a_malformed_redis_url_is_named(tmp_path: Path) -> None:
    assert_one_line(run_bot(tmp_path, BOT_TOKEN=TOKEN, REDIS_URL="localhost:6379"),
                    "REDIS_URL", "malformed")
