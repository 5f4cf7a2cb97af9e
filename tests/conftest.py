"""Fixtures: a fake Bot API per test module, the real bot process polling it, and people."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sandbox.fakeapi import FakeTelegram, ThreadedServer, running_in_thread
from tests.databases import BACKENDS, create_schema, drop_schema, require_postgres
from tests.harness import BotProcess, Person, start_bot, start_fake_api
from tests.log_check import leaks

_user_ids = itertools.count(700_001)


@pytest.fixture(scope="module")
def fake_api() -> Iterator[ThreadedServer]:
    server = start_fake_api()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def bot_process(fake_api: ThreadedServer, tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[BotProcess]:
    process = start_bot(fake_api, tmp_path_factory.mktemp("bot"))
    yield process
    process.stop()


@pytest.fixture
def make_person(fake_api: ThreadedServer, bot_process: BotProcess
                ) -> Callable[..., Person]:
    """A new person each call (a fresh Telegram user id), talking to the running bot."""

    def make(language_code: str | None = "ru", **kwargs: object) -> Person:
        return Person(fake_api.tg, next(_user_ids), language_code, **kwargs)  # type: ignore[arg-type]

    return make


@pytest.fixture
def srv() -> Iterator[ThreadedServer]:
    """A fresh stand-in Bot API for one test (the stand-in's own tests)."""
    server = running_in_thread(FakeTelegram())
    yield server
    server.stop()


@pytest.fixture
def tg(srv: ThreadedServer) -> FakeTelegram:
    return srv.tg


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture(params=BACKENDS)
def db_at(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path | str]:
    """Where a storage test's database is: a SQLite file, then (the same test again) a fresh
    schema on the local PostgreSQL, dropped afterwards (tests/databases.py)."""
    if request.param == "sqlite":
        yield tmp_path / "q.db"
        return
    require_postgres()
    schema, url = create_schema()
    try:
        yield url
    finally:
        drop_schema(schema)


@pytest.fixture(autouse=True)
def no_person_in_bot_logs() -> Iterator[None]:
    """After every test: what the real bot processes logged names no one (tests/log_check.py)."""
    yield
    for process in BotProcess.started:
        if process.tg is None:
            continue
        logs = process.logs()
        fresh, process.checked_up_to = logs[process.checked_up_to:], len(logs)
        found = leaks(fresh, process.tg)
        assert not found, f"the bot's logs name a person: {found[:5]}"


@pytest.fixture(autouse=True, scope="session")
def no_bot_outlives_the_tests() -> Iterator[None]:
    """A bot a failed test left running (its stop was never reached) is killed at the end,
    so it does not poll on for hours beside the next run."""
    yield
    for process in BotProcess.started:
        if process.running:
            process.kill()
