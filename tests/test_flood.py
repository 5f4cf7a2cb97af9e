"""The per-person flood limit: bursts pass, a flood is dropped, the bucket refills; the first
update dropped in a flood brings one calm notice (once per episode, private chats only), and one
person's flood holds up nobody else."""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiogram.exceptions import TelegramForbiddenError
from aiogram.methods import TelegramMethod
from aiogram.types import Message

from bot.app import App, build_app
from bot.pipeline.handling import UpdateHandler
from bot.pipeline.inbox import InboxRunner
from bot.pipeline.middlewares.flood import MAX_EPISODES, FloodLimit, Verdict
from bot.settings import load_settings
from tests.harness import Person, start_bot, start_fake_api
from tests.screens import plain
from tests.test_rate import Clock


def test_burst_then_drop_then_refill() -> None:
    clock = Clock()
    limit = FloodLimit(burst=5, rate=2.0, clock=clock)
    assert [limit.allow(1) for _ in range(7)] == [True] * 5 + [False] * 2
    assert limit.allow(2)  # another person is not affected
    clock.now += 1.0  # two tokens back
    assert [limit.allow(1) for _ in range(3)] == [True, True, False]


def test_steady_tapping_below_the_rate_is_never_dropped() -> None:
    clock = Clock()
    limit = FloodLimit(burst=3, rate=3.0, clock=clock)
    for _ in range(1000):
        clock.now += 0.34
        assert limit.allow(1)


# -- one notice per flood episode -------------------------------------------------------------
def test_the_first_drop_of_an_episode_asks_for_a_notice_the_rest_are_quiet() -> None:
    clock = Clock()
    limit = FloodLimit(burst=3, rate=1.0, clock=clock)
    verdicts = [limit.check(1) for _ in range(8)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.NOTICE] + [Verdict.DROP] * 4
    clock.now += 1.0  # one token back: the same episode goes on
    assert [limit.check(1) for _ in range(3)] == [Verdict.ALLOW, Verdict.DROP, Verdict.DROP]
    clock.now += 2.9  # not quite refilled yet
    assert [limit.check(1) for _ in range(4)] == [Verdict.ALLOW] * 2 + [Verdict.DROP] * 2
    clock.now += 3.0  # refilled: the episode is over, a new flood is told again
    assert [limit.check(1) for _ in range(5)] == [Verdict.ALLOW] * 3 + [Verdict.NOTICE,
                                                                        Verdict.DROP]


def test_no_notice_outside_a_private_chat_and_none_owed_for_it() -> None:
    limit = FloodLimit(burst=1, rate=1.0, clock=Clock())
    assert limit.check(1, may_notice=False) is Verdict.ALLOW
    assert limit.check(1, may_notice=False) is Verdict.DROP  # in a group: quiet
    assert limit.check(1) is Verdict.NOTICE  # then in their own chat: told once


def test_people_in_a_flood_are_remembered_within_bounds() -> None:
    limit = FloodLimit(burst=1, rate=0.001, clock=Clock())
    for person in range(MAX_EPISODES + 10):
        limit.check(person)
        limit.check(person)
    assert len(limit._episodes) <= MAX_EPISODES


# -- the notice through the pipeline, in process -----------------------------------------------
PERSON, OTHER, GROUP = 710_001, 710_002, -1001234567890
_ids = itertools.count(100)


def chat_json(chat_id: int) -> dict[str, Any]:
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": "A"}
    return {"id": chat_id, "type": "supergroup", "title": "G"}


def text(user_id: int, body: str, chat_id: int | None = None,
         language: str = "kk") -> dict[str, Any]:
    return {"update_id": next(_ids), "message": {
        "message_id": next(_ids), "date": 0, "text": body,
        "chat": chat_json(chat_id or user_id),
        "from": {"id": user_id, "is_bot": False, "first_name": "A", "language_code": language}}}


def tap(user_id: int) -> dict[str, Any]:
    return {"update_id": next(_ids), "callback_query": {
        "id": str(next(_ids)), "chat_instance": "c", "data": "go:menu",
        "from": {"id": user_id, "is_bot": False, "first_name": "A", "language_code": "ru"},
        "message": {"message_id": 1, "date": 0, "text": "menu", "chat": chat_json(user_id),
                    "from": {"id": 1, "is_bot": True, "first_name": "Q"}}}}


class Telegram:
    """The Bot API in process, `latency` seconds per request; every request recorded."""

    def __init__(self, latency: float = 0.0) -> None:
        self.latency = latency
        self.requests: list[tuple[float, TelegramMethod[Any]]] = []

    async def __call__(self, bot: Any, method: TelegramMethod[Any],
                       timeout: int | None = None) -> Any:
        if self.latency:
            await asyncio.sleep(self.latency)
        self.requests.append((time.monotonic(), method))
        chat_id = getattr(method, "chat_id", None)
        if method.__api_method__.startswith(("send", "edit")) and isinstance(chat_id, int):
            return Message.model_validate({
                "message_id": next(_ids), "date": 0, "text": "screen", "chat": chat_json(chat_id),
                "from": {"id": 1, "is_bot": True, "first_name": "Q"}}, context={"bot": bot})
        return True

    def sent(self, chat_id: int) -> list[str]:
        return [str(m.text) for _, m in self.requests if m.__api_method__ == "sendMessage"
                and m.chat_id == chat_id]  # type: ignore[attr-defined]


@pytest.fixture
def pipeline(tmp_path: Path) -> Iterator[tuple[App, InboxRunner, Telegram, asyncio.Runner]]:
    loop = asyncio.Runner()
    settings = load_settings(bot_token="123456:FLOOD-test", data_dir=tmp_path,
                             database_url=f"sqlite:///{tmp_path}/q.db", log_level="WARNING",
                             flood_burst=5, flood_rate=1.0)
    app = loop.run(build_app(settings))
    telegram = Telegram()
    app.bot.session.make_request = telegram  # type: ignore[method-assign]

    async def make_runner() -> InboxRunner:
        return InboxRunner(UpdateHandler(app.bot, app.dp, app.db, app.inbox))

    runner = loop.run(make_runner())
    try:
        yield app, runner, telegram, loop
    finally:
        loop.run(app.close())
        loop.close()


def feed(runner: InboxRunner, loop: asyncio.Runner, updates: list[dict[str, Any]]) -> None:
    async def go() -> None:
        runner.submit((u["update_id"], u) for u in updates)
        await runner.wait_below(1)

    loop.run(go())


def test_a_flood_brings_one_notice_in_the_persons_language(
        pipeline: tuple[App, InboxRunner, Telegram, asyncio.Runner]) -> None:
    app, runner, telegram, loop = pipeline
    feed(runner, loop, [text(PERSON, f"hello {i}") for i in range(40)])
    notice = str(app.dp["translations"].get("kk")("flood-notice"))
    sent = telegram.sent(PERSON)
    assert sent.count(notice) == 1
    assert 1 <= len(sent) - 1 <= 7  # the burst (5), perhaps a token refilled meanwhile
    # presses are limited too, and dropping one makes no call at all (its spinner included)
    before = len(telegram.requests)
    feed(runner, loop, [tap(PERSON) for _ in range(10)])
    assert len(telegram.requests) == before
    # the notice went the normal way: the chat log keeps its id, so quick exit deletes it
    remembered = loop.run(app.dp["chat_log"].deletable(PERSON))
    assert len(remembered) >= len(sent)


def test_in_a_group_a_flood_is_dropped_without_a_word(
        pipeline: tuple[App, InboxRunner, Telegram, asyncio.Runner]) -> None:
    _, runner, telegram, loop = pipeline
    feed(runner, loop, [text(PERSON, f"hi {i}", chat_id=GROUP) for i in range(30)])
    assert telegram.sent(GROUP) == [] and telegram.sent(PERSON) == []


def test_a_blocked_person_in_a_flood_does_not_break_anything(
        pipeline: tuple[App, InboxRunner, Telegram, asyncio.Runner],
        caplog: pytest.LogCaptureFixture) -> None:
    app, runner, _, loop = pipeline
    refused: list[str] = []

    async def forbidden(bot: Any, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        refused.append(method.__api_method__)
        raise TelegramForbiddenError(method=method, message="Forbidden: bot was blocked")

    app.bot.session.make_request = forbidden  # type: ignore[method-assign]
    with caplog.at_level(logging.INFO):
        feed(runner, loop, [text(PERSON, f"x {i}") for i in range(8)])
    assert "the flood notice was not delivered (TelegramForbiddenError)" in caplog.text
    assert refused.count("sendMessage") >= 1


def test_one_persons_flood_does_not_hold_up_another(
        pipeline: tuple[App, InboxRunner, Telegram, asyncio.Runner]) -> None:
    """The runner handles people side by side: 200 updates from one person, 50 ms a request,
    and another person's /start is answered before the flood is through."""
    _, runner, telegram, loop = pipeline
    telegram.latency = 0.05

    async def go() -> tuple[float, list[float]]:
        runner.submit((u["update_id"], u) for u in [text(PERSON, f"f {i}") for i in range(200)])
        await asyncio.sleep(0.05)  # the flood is under way
        runner.submit([(u["update_id"], u) for u in [text(OTHER, "/start", language="ru")]])
        await runner.wait_below(1)
        answered = [at for at, m in telegram.requests
                    if getattr(m, "chat_id", None) == OTHER]
        flood = [at for at, m in telegram.requests if getattr(m, "chat_id", None) == PERSON]
        return answered[0], flood

    answered, flood = loop.run(go())
    # answered while the flood's requests (50 ms each) were still going, in their first half:
    # counted in requests, not seconds, so a busy machine slows both alike
    assert len([at for at in flood if at < answered]) <= len(flood) // 2
    assert answered < flood[-1]


# -- end to end: the real bot process ----------------------------------------------------------
def test_two_hundred_messages_from_one_person_one_notice_and_others_answered_promptly(
        tmp_path: Path) -> None:
    server = start_fake_api()
    bot = start_bot(server, tmp_path)
    try:
        flooder, other = Person(server.tg, 720_001, "ru"), Person(server.tg, 720_002, "kk")
        for i in range(200):
            flooder.send(f"flood {i}", wait=False)
        started = time.monotonic()
        other.send("/start")
        assert other.screen is not None and other.screen.text == plain("kk", "start-greeting")
        answered = next(c.at for c in server.tg.calls_to("sendMessage")
                        if c.params.get("chat_id") == other.chat_id)
        assert answered - started < 2.0, answered - started
        server.tg.wait_idle(0.5, 30)
        texts = flooder.bot_texts()
        assert texts.count(plain("ru", "flood-notice")) == 1
        assert 1 <= len(texts) - 1 <= 40  # the burst (30) and what refilled meanwhile
        assert "refused" not in bot.logs()
        assert bot.running
    finally:
        bot.stop()
        server.stop()
