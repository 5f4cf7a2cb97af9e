"""Module fixtures shared by end-to-end test files: `api` (a stand-in Bot API, with the
defenders' forum group when asked), `bot` (the real bot process polling it) and `person` (a
maker of new people).

    api, bot = real_bot("intake", forum=True)   # at a test module's top level
    person = people(itertools.count(890_001))
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from sandbox.fakeapi import ThreadedServer
from tests.harness import BotProcess, Person, start_bot, start_fake_api

FORUM_GROUP = -1001234567890  # the defenders' supergroup of the end-to-end tests


def real_bot(folder: str, *, forum: bool = False) -> tuple[Callable[..., Any], ...]:
    @pytest.fixture(scope="module", name="api")
    def api_fixture() -> Iterator[ThreadedServer]:
        server = start_fake_api()
        if forum:
            server.tg.add_forum_group(FORUM_GROUP, "Defenders")
        yield server
        server.stop()

    @pytest.fixture(scope="module", name="bot")
    def bot_fixture(api: ThreadedServer, tmp_path_factory: pytest.TempPathFactory,
                    ) -> Iterator[BotProcess]:
        env = {"DEFENDERS_CHAT_ID": str(FORUM_GROUP)} if forum else {}
        process = start_bot(api, tmp_path_factory.mktemp(folder), extra_env=env)
        yield process
        process.stop()

    return api_fixture, bot_fixture


def people(ids: Iterator[int]) -> Callable[..., Any]:
    """A `person` fixture: `person(locale="ru")` is someone new to the bot, the next id."""
    @pytest.fixture(name="person")
    def person_fixture(api: ThreadedServer, bot: BotProcess) -> Callable[..., Person]:
        def make(locale: str = "ru") -> Person:
            return Person(api.tg, next(ids), locale)

        return make

    return person_fixture


def text(p: Person) -> str:
    """What the person's screen (the bot's last message to them) says."""
    assert p.screen is not None
    return p.screen.text
