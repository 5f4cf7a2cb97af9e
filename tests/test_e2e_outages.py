"""The bot heals itself (issue #24): PostgreSQL stopped for 20 s, Redis killed and started again,
the disk under SQLite full. People keep writing meanwhile (Telegram keeps their updates); the
real bot process stays up, says one line for the outage, and once the dependency is back
answers every update once: nothing lost, no apology, no traceback."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from sandbox.fakeapi import ThreadedServer
from tests.harness import BotProcess, free_port
from tests.outage_services import PrivatePostgres, PrivateRedis, SmallDisk
from tests.test_e2e_durability import (
    assert_second_question_once,
    greetings,
    in_questionnaire,
    newcomers,
    no_apologies,
    press_yes,
)
from tests.test_e2e_webhook import webhook_env

OUTAGE = 20.0  # seconds the dependency is away
_LOUD = re.compile(r" (WARNING|ERROR|CRITICAL) ")


def loud_lines(bot: BotProcess, since: int) -> list[str]:
    """The WARNING and ERROR lines the bot wrote to stderr after offset `since`."""
    text = bot.stderr_path.read_text(errors="replace")[since:]
    return [line for line in text.splitlines() if _LOUD.search(line)]


def readiness(port: int) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def started_bot(api: ThreadedServer, tmp_path: Path, webhook: bool = False, **env: str,
                ) -> tuple[BotProcess, int]:
    """The bot, with /readyz on a port of its own; long polling, or the webhook."""
    port = free_port()
    env["METRICS_LISTEN"] = f"127.0.0.1:{port}"
    if webhook:
        env |= webhook_env(free_port())
    return BotProcess.for_server(api, tmp_path, extra_env=env).start(), port


def live_through(api: ThreadedServer, bot: BotProcess, take_away: Callable[[], None],
                 give_back: Callable[[], None], away: tuple[str, int], *,
                 dialogs_kept: bool = True) -> list[str]:
    """People write before, during and after an outage; returns the loud lines it caused.
    `away`: the dependency /readyz (on that port) must name while it is away. `dialogs_kept`:
    the dependency keeps the dialogs (a Redis without persistence does not)."""
    dependency, port = away
    answering = in_questionnaire(api, bot, 4) if dialogs_kept else []
    since = bot.stderr_path.stat().st_size
    take_away()
    started = time.monotonic()
    during = newcomers(api, 12)
    for person in during[:6]:
        person.send("/start", wait=False)
    time.sleep(OUTAGE / 2)
    press_yes(answering)
    for person in during[6:]:
        person.send("/start", wait=False)
    status, ready = readiness(port)
    assert status == 503 and dependency in ready["down"], ready  # type: ignore[operator]
    time.sleep(max(0.0, OUTAGE - (time.monotonic() - started)))
    assert bot.running, bot.logs()
    assert all(greetings(p) == 0 for p in during)  # nothing answered while it was away
    give_back()
    api.tg.wait_for(lambda: all(greetings(p) for p in during), timeout=60)
    after = newcomers(api, 3)
    for person in after:
        person.send("/start", wait=False)
    api.tg.wait_for(lambda: all(greetings(p) for p in after), timeout=30)
    api.tg.wait_idle(quiet=1.0, timeout=30)
    assert [greetings(p) for p in during + after] == [1] * (len(during) + len(after))
    for person in answering:
        assert_second_question_once(person)
    assert no_apologies(api)
    assert bot.running
    logs = bot.logs()
    assert "Traceback" not in logs
    assert readiness(port)[0] == 200
    return loud_lines(bot, since)


@pytest.mark.parametrize("webhook", [False, True], ids=["polling", "webhook"])
def test_postgresql_stopped_for_20_seconds(api: ThreadedServer, tmp_path: Path,
                                           webhook: bool) -> None:
    """In webhook mode the bot answers Telegram 500 meanwhile: Telegram sends it again."""
    pg = PrivatePostgres()
    try:
        pg.start()
        bot, port = started_bot(api, tmp_path, webhook, DATABASE_URL=pg.url)
        loud = live_through(api, bot, pg.stop, pg.start, ("database", port))
        assert len(loud) == 1 and "database unavailable" in loud[0], loud
        assert "database is back after" in bot.logs()
        if webhook:
            assert any(post.status == 500 for post in api.tg.webhook_posts)
        assert bot.stop() == 0
    finally:
        pg.remove()


def test_redis_killed_and_started_again(api: ThreadedServer, tmp_path: Path) -> None:
    redis = PrivateRedis()
    try:
        redis.start()
        bot, port = started_bot(api, tmp_path, REDIS_URL=redis.url, REDIS_PREFIX="outage")
        for person in newcomers(api, 3):  # Redis in use before it goes
            person.send("/start")
        loud = live_through(api, bot, redis.stop, redis.start, ("redis", port),
                            dialogs_kept=False)
        assert len(loud) == 1 and "redis unavailable" in loud[0], loud
        assert bot.stop() == 0
    finally:
        redis.stop()


def test_the_disk_under_sqlite_full(api: ThreadedServer, tmp_path: Path) -> None:
    disk = SmallDisk()
    try:
        bot, port = started_bot(api, tmp_path, DATABASE_URL=f"sqlite:///{disk.root}/qorgau.db")
        loud = live_through(api, bot, disk.fill, disk.empty, ("database", port))
        assert len(loud) == 1 and "database unavailable (OperationalError)" in loud[0], loud
        assert bot.stop() == 0
    finally:
        disk.remove()
