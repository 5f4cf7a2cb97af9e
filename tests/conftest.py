"""Fixtures: a fake Bot API per test module, the real bot process polling it, and people."""

from __future__ import annotations

import os
import sys

# Some images set PYTHONDONTWRITEBYTECODE (this machine's does): then every test worker and
# every bot started afresh compiles the project again, half of a worker's start-up here (8 of
# 15 s of CPU). The project's own bytecode is kept in its __pycache__ folders (ignored by git);
# set before the project's first import, and passed on to the processes the tests start.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

from bot.pipeline.aiogram_models import import_aiogram

import_aiogram()  # as the bot does: aiogram's types built on first use (issue #25)

import atexit
import itertools
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.pipeline import logs
from bot.settings import default_key_file
from sandbox.fakeapi import FakeTelegram, ThreadedServer, running_in_thread
from storage.crypto import new_key
from tests.databases import BACKENDS, create_schema, drop_schema, require_postgres
from tests.harness import BotProcess, Person, start_bot, start_fake_api
from tests.log_check import leaks
from tests.spawner import Spawner

_user_ids = itertools.count(700_001)

# Eight workers share two cores here and in CI, each with bot processes of its own: every wait
# for the bot lasts three times its timeout (QORGAU_TEST_PATIENCE), which costs nothing while
# the bot keeps up and spares a red run when the machine is slow for a while.
FakeTelegram.patience = float(os.environ.get("QORGAU_TEST_PATIENCE", "3"))

# The bot keeps its data key in the user's config folder (bot/custody.py): here the tests' own,
# never the real one. One key for every bot of this worker, made before any starts (two bots
# starting at once would race to create it).
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="qorgau-config-")
atexit.register(shutil.rmtree, os.environ["XDG_CONFIG_HOME"], ignore_errors=True)
_key = default_key_file()
_key.parent.mkdir(mode=0o700, parents=True)
_key.write_text(new_key())

# The suite runs in parallel (pytest-xdist, `-n auto --dist loadgroup` in pyproject.toml): one
# group a module, so a module's bot starts once, on one worker. Most time is spent waiting
# for a bot to go quiet, not computing, so there are four workers a core; a module much
# longer than the rest is dealt round-robin into shards, each with a bot of its own. Groups are
# handed out in collection order (--no-loadscope-reorder): the end-to-end modules come before
# the quick unit tests, which fill the gaps at the end.
WORKERS_PER_CORE, MAX_WORKERS = 4, 8
SHARDS = {"test_e2e_handoff": 4, "test_e2e_outages": 3, "test_e2e_custody": 3,
          "test_adversarial": 3,  # its exploration's shards: test_adversarial.SHARDS
          "test_journey_review": 3, "test_e2e_journey": 3, "test_e2e_safe_contact": 2,
          "test_e2e_someone_else": 2, "test_e2e_typed": 2, "test_e2e_intake": 2,
          "test_sandbox": 2, "test_e2e_working_hours": 2, "test_e2e_red_flags": 2,
          "test_e2e_trace_safety": 2}


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    return min(MAX_WORKERS, WORKERS_PER_CORE * (os.cpu_count() or 1))


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """The groups, dealt from the node ids in collection order. xdist 3.8's own loadgroup
    groups nothing under pytest 9.2 (it appends the group to `_nodeid`, and pytest now derives
    a node id from elsewhere): every test would be dealt alone, and a module's bot start on
    each worker that gets one of its tests."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ModuleGroups(LoadScopeScheduling):
        def __init__(self, config: pytest.Config, log: Any = None) -> None:
            super().__init__(config, log)
            self.groups: dict[str, str] = {}
            self.dealt: dict[str, int] = {}

        def _split_scope(self, nodeid: str) -> str:
            if nodeid not in self.groups:
                module = Path(nodeid.split("::")[0]).stem
                shard = self.dealt.get(module, 0)
                self.dealt[module] = shard + 1
                self.groups[nodeid] = f"{module}.{shard % SHARDS[module]}" \
                    if module in SHARDS else module
            return self.groups[nodeid]

    return ModuleGroups(config, log)


@pytest.fixture
def log_allow_list() -> Iterator[None]:
    """The log path the bot runs with (bot/pipeline/logs.py), for a test that reads log lines
    made in process: an exception shows as its class, an id as its keyed hash."""
    logs.install()
    yield
    logs.uninstall()


@pytest.fixture
def api() -> Iterator[ThreadedServer]:
    """A stand-in Bot API of this test's own (a module may define a shared `api` instead)."""
    server = start_fake_api()
    yield server
    server.stop()


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


_FIRST_BOT = pytest.StashKey[int]()  # BotProcess.started's length when a test began
LOG_TAIL = 60  # lines of each bot's log shown under a failed test


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A failed test shows the end of the logs of the bots it started (they hold no one's
    data: checked after every test), so a failure seen only in CI can be read there."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed or _FIRST_BOT not in item.stash:
        return
    for process in BotProcess.started[item.stash[_FIRST_BOT]:]:
        tail = "\n".join(process.logs().splitlines()[-LOG_TAIL:])
        report.sections.append((f"bot log ({process.data_dir.name})", tail))


@pytest.fixture(autouse=True)
def no_person_in_bot_logs(request: pytest.FixtureRequest) -> Iterator[None]:
    """After every test: what the real bot processes logged names no one (tests/log_check.py)."""
    request.node.stash[_FIRST_BOT] = len(BotProcess.started)
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
    Spawner.shutdown()


_TIMELINE = os.environ.get("QORGAU_TEST_TIMELINE")
if _TIMELINE:  # where a parallel run spends its time: one line a test, per worker
    import time

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
        began = time.time()
        yield
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        with open(_TIMELINE, "a") as out:
            out.write(f"{worker}\t{began:.2f}\t{time.time():.2f}\t{item.nodeid}\n")
