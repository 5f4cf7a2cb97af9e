"""Module fixtures shared by end-to-end test files: `api` (a stand-in Bot API, with the
defenders' forum group when asked) and `bot` (the real bot process polling it).

    api, bot = real_bot("intake", forum=True)   # at a test module's top level
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from sandbox.fakeapi import ThreadedServer
from tests.harness import BotProcess, start_bot, start_fake_api

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
