"""The outage tracker (bot/pipeline/outage.py) and a bounded stop of the inbox runner, in
process: real SQLite errors, real asyncio tasks."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path

import pytest

from bot.pipeline import outage
from bot.pipeline.inbox import InboxRunner
from bot.pipeline.outage import DATABASE, Outages, dependency_of


def full_disk_error(tmp_path: Path) -> sqlite3.OperationalError:
    """SQLite's own SQLITE_FULL: a database allowed no more pages than it has."""
    conn = sqlite3.connect(tmp_path / "full.db")
    conn.execute("CREATE TABLE t (x BLOB)")
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    try:
        conn.execute("INSERT INTO t VALUES (zeroblob(100000))")
    except sqlite3.OperationalError as exc:
        return exc
    finally:
        conn.close()
    raise AssertionError("the insert did not fail")


def test_what_counts_as_an_outage(tmp_path: Path) -> None:
    assert dependency_of(full_disk_error(tmp_path)) == DATABASE
    assert dependency_of(ConnectionRefusedError(111, "refused")) == DATABASE
    assert dependency_of(sqlite3.OperationalError("no such table: t")) is None  # a bug
    assert dependency_of(ValueError("bad")) is None
    try:
        try:
            raise ConnectionResetError("reset")
        except OSError as exc:
            raise RuntimeError("wrapped") from exc
    except RuntimeError as wrapped:
        assert dependency_of(wrapped) == DATABASE


def test_a_postgresql_connection_broken_off_is_an_outage() -> None:
    errors = pytest.importorskip("asyncpg").exceptions
    assert dependency_of(errors.InternalClientError(
        "unknown error in protocol implementation")) == DATABASE  # met while it shut down
    assert dependency_of(errors.AdminShutdownError("terminating connection")) == DATABASE
    assert dependency_of(errors.ClientConfigurationError("bad DSN")) is None  # a setting
    assert dependency_of(errors.UndefinedTableError("no such table")) is None  # a bug


def test_redis_errors_are_redis_outages() -> None:
    redis_errors = pytest.importorskip("redis.exceptions")
    assert dependency_of(redis_errors.ConnectionError("gone")) == "redis"
    assert dependency_of(redis_errors.ResponseError("WRONGTYPE")) is None


@pytest.mark.usefixtures("log_allow_list")
def test_one_line_per_outage_however_many_meet_it(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(outage, "FIRST_WAIT", 0.01)
    monkeypatch.setattr(outage, "MAX_WAIT", 0.02)
    outages = Outages()
    error = full_disk_error(tmp_path)
    tries = {"count": 0}

    async def write() -> str:
        tries["count"] += 1
        if tries["count"] <= 60:
            raise error
        return "stored"

    async def ten_writers() -> list[str]:
        return await asyncio.gather(*(outages.outlast(write) for _ in range(10)))

    with caplog.at_level(logging.INFO, logger="bot.pipeline.outage"):
        results = asyncio.run(ten_writers())
    assert results == ["stored"] * 10
    lines = [r for r in caplog.records if r.name == "bot.pipeline.outage"]
    assert [r.levelname for r in lines] == ["WARNING", "INFO"]
    assert "database unavailable (OperationalError)" in lines[0].getMessage()
    assert "disk" not in lines[0].getMessage()  # the class only, never the library's text
    assert outages.down() == {}


def test_a_failure_just_after_a_recovery_is_the_same_outage(
        caplog: pytest.LogCaptureFixture) -> None:
    outages = Outages()
    with caplog.at_level(logging.INFO, logger="bot.pipeline.outage"):
        outages.failed(DATABASE, ConnectionRefusedError())
        outages.recovered(DATABASE)
        outages.failed(DATABASE, ConnectionRefusedError())  # a server still starting up
        assert outages.is_down(DATABASE)
        outages.recovered(DATABASE)
    assert len([r for r in caplog.records if r.levelname == "WARNING"]) == 1


def test_other_errors_are_not_waited_out() -> None:
    async def broken() -> None:
        raise KeyError("bug")

    with pytest.raises(KeyError):
        asyncio.run(Outages().outlast(broken))


def test_a_stop_ends_in_time_though_a_cancelled_task_awaits_in_finally() -> None:
    """As aiogram answers a press in a `finally` after its handler was cancelled, to a Bot API
    that never answers."""
    asyncio.run(_stop_with_hung_tasks())


async def _stop_with_hung_tasks() -> None:
    hung = asyncio.Event()

    async def handle(update_id: int, raw: dict[str, object]) -> None:
        try:
            await hung.wait()
        finally:
            await hung.wait()  # the answer to the press: never comes

    runner = InboxRunner(handle)
    runner.submit([(n, {"message": {"from": {"id": n}}}) for n in range(1, 21)])
    loop = asyncio.get_running_loop()
    started = loop.time()
    left = await runner.finish(grace=0.2, patience=1.0)
    assert left == 20
    assert loop.time() - started < 1.5
