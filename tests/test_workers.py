"""The inbox runner (in order for one person, concurrent across people) and the supervisor."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import pytest

from bot.pipeline.inbox import InboxRunner, person_key
from bot.pipeline.supervisor import Supervisor

pytestmark = pytest.mark.usefixtures("log_allow_list")  # lines as the bot logs them


def message(update_id: int, user: int) -> tuple[int, dict[str, Any]]:
    return update_id, {"update_id": update_id,
                       "message": {"from": {"id": user}, "chat": {"id": user}}}


def test_person_key_finds_the_sender_then_the_chat() -> None:
    assert person_key(1, {"update_id": 1, "callback_query": {"from": {"id": 5}}}) == 5
    assert person_key(2, {"update_id": 2, "channel_post": {"chat": {"id": -9}}}) == -9
    assert person_key(3, {"update_id": 3, "poll": {"id": "x"}}) == ("update", 3)


def test_one_persons_updates_run_in_order_and_people_run_side_by_side() -> None:
    async def check() -> None:
        log: list[tuple[str, int, int]] = []
        running = 0
        most = 0

        async def handle(update_id: int, raw: dict[str, Any]) -> None:
            nonlocal running, most
            user = raw["message"]["from"]["id"]
            running += 1
            most = max(most, running)
            log.append(("in", user, update_id))
            await asyncio.sleep(0.01)
            log.append(("out", user, update_id))
            running -= 1

        runner = InboxRunner(handle, concurrency=8)
        runner.submit([message(i, user=i % 4) for i in range(1, 41)])
        assert runner.backlog == 40
        assert await runner.finish(grace=5) == 0
        assert runner.backlog == 0
        for user in range(4):
            mine = [(kind, uid) for kind, u, uid in log if u == user]
            ids = [uid for kind, uid in mine if kind == "in"]
            assert ids == sorted(ids)
            # never two of one person's updates at once: in/out alternate
            assert [kind for kind, _ in mine] == ["in", "out"] * (len(mine) // 2)
        assert most == 4

    asyncio.run(check())


def test_a_failing_update_does_not_stop_the_next(caplog: pytest.LogCaptureFixture) -> None:
    async def check() -> None:
        done: list[int] = []

        async def handle(update_id: int, raw: dict[str, Any]) -> None:
            if update_id == 1:
                raise KeyError("secret text that must not be logged")
            done.append(update_id)

        runner = InboxRunner(handle)
        runner.submit([message(1, 7), message(2, 7)])
        await runner.finish(grace=5)
        assert done == [2]

    with caplog.at_level(logging.ERROR):
        asyncio.run(check())
    assert "secret" not in caplog.text and "KeyError" in caplog.text


def test_finish_cancels_what_runs_past_the_grace_period() -> None:
    async def check() -> None:
        async def handle(update_id: int, raw: dict[str, Any]) -> None:
            await asyncio.sleep(10)

        runner = InboxRunner(handle)
        runner.submit([message(1, 1), message(2, 1), message(3, 2)])
        assert await runner.finish(grace=0.05) == 3

    asyncio.run(check())


def test_supervisor_restarts_a_failed_worker_and_stops_cleanly(
        caplog: pytest.LogCaptureFixture) -> None:
    async def check() -> None:
        runs = 0

        async def flaky() -> None:
            nonlocal runs
            runs += 1
            if runs < 3:
                raise RuntimeError("boom")
            await asyncio.sleep(10)

        supervisor = Supervisor(first_delay=0.01)
        supervisor.start("flaky", flaky)
        for _ in range(100):
            if runs >= 3:
                break
            await asyncio.sleep(0.01)
        assert runs == 3 and supervisor.restarts["flaky"] == 2
        assert supervisor.running == ["flaky"]
        await supervisor.stop()
        assert supervisor.running == []

    with caplog.at_level(logging.ERROR):
        asyncio.run(check())
    assert caplog.text.count("worker flaky failed (RuntimeError)") == 2


def test_a_worker_that_will_not_stop_does_not_keep_the_process(
        caplog: pytest.LogCaptureFixture) -> None:
    async def stubborn() -> None:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:  # a lost cancellation looks like this from outside
            await asyncio.sleep(10)  # (the next cancellation, at the loop's end, is obeyed)

    async def scenario() -> float:
        supervisor = Supervisor()
        supervisor.start("stubborn", stubborn)
        await asyncio.sleep(0.01)
        started = time.monotonic()
        await supervisor.stop(patience=0.2)
        return time.monotonic() - started

    assert asyncio.run(scenario()) < 2
    assert "worker stubborn did not stop" in caplog.text
