"""The durable outbound queue against the stand-in Bot API over HTTP, on a real SQLite file
(and the same tests on the local PostgreSQL):
order per chat, Telegram's limits, retry_after, 403 and chat-not-found reasons, bounded retries,
and rows that survive a restart."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.methods import SendMessage

from bot.pipeline.middlewares.budget import SendBudget
from bot.pipeline.middlewares.chat_log import LogOutgoing
from bot.pipeline.middlewares.retry import RetryLater
from bot.pipeline.outbound import BLOCKED, CHAT_NOT_FOUND, GAVE_UP, OutboundQueue, QueueLimits
from bot.pipeline.purpose import Purpose
from dialogs.rate import TokenBucket
from sandbox.fakeapi import RateLimits, ThreadedServer, running_in_thread
from storage.chat_log import ChatLogRepo
from storage.crypto import Sealer
from storage.outbox import OutboxRepo, Outgoing
from tests.databases import database_at, is_postgres

FAST = QueueLimits(backoff_base=0.01, max_attempts=3)


@dataclass(frozen=True)
class Plain(Purpose, stream="test", tag="test"):
    """A test's row."""


@dataclass(frozen=True)
class News(Purpose, stream="broadcast", tag="copy"):
    """A broadcast's copy."""


@dataclass(frozen=True)
class Subs(Purpose, stream="subs", tag="subs"):
    """A subscriber's copy, its outcome heard."""


@dataclass(frozen=True)
class T(Purpose, stream="t", tag="t"):
    """Rows told apart by ref."""
_next_user = iter(range(910_000, 990_000))


@pytest.fixture
def server() -> Iterator[ThreadedServer]:
    with running_in_thread() as srv:
        yield srv


def people(server: ThreadedServer, count: int) -> list[int]:
    ids = [next(_next_user) for _ in range(count)]
    for user in ids:
        server.tg.user(user, "P")
        server.tg.send_text(user, "/start")
    return ids


SEALER = Sealer.ephemeral()  # one key for the module: a test reopens its database


@asynccontextmanager
async def queue_on(server: ThreadedServer, path: Path | str, limits: QueueLimits = FAST,
                   rate: float = 28.0, run: bool = True) -> AsyncIterator[OutboundQueue]:
    db = database_at(path, SEALER)
    await db.connect()
    bot = Bot(server.tg.token, session=AiohttpSession(
        api=TelegramAPIServer.from_base(server.url)),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML))  # as production does
    budget = TokenBucket(rate, rate)
    bot.session.middleware(LogOutgoing(ChatLogRepo(db)))
    bot.session.middleware(RetryLater())
    bot.session.middleware(SendBudget(budget))
    queue = OutboundQueue(OutboxRepo(db), bot, budget, limits)
    queue.register(Plain, News, T)
    task = asyncio.create_task(queue.run(idle_poll=0.05)) if run else None
    try:
        yield queue
    finally:
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        await bot.session.close()
        await db.close()


async def drained(queue: OutboundQueue, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while await queue.repo.depth() or queue._in_flight:
        assert time.monotonic() < deadline, "the queue did not drain"
        await asyncio.sleep(0.02)


def texts(server: ThreadedServer, chat_id: int) -> list[str]:
    return [m.text for m in server.tg.bot_messages(chat_id)]


def test_a_chats_messages_arrive_once_each_and_in_order(server: ThreadedServer,
                                                        db_at: Path | str) -> None:
    a, b = people(server, 2)

    async def check() -> None:
        async with queue_on(server, db_at) as queue:
            for n in range(5):
                for chat in (a, b):
                    await queue.enqueue(SendMessage(chat_id=chat, text=f"<b>{n}</b>"),
                                        Plain(), ref="order")
            await drained(queue)
            outcomes = await queue.repo.outcomes("test", "order")
            assert [o.state for o in outcomes] == ["sent"] * 10
            assert all(o.message_id for o in outcomes)
            left = await queue.repo.db.fetchall("SELECT payload FROM outbox")
            assert {r[0] for r in left} == {""}  # contents are not kept once sent

    asyncio.run(check())
    assert texts(server, a) == texts(server, b) == [str(n) for n in range(5)]


def test_many_chats_under_telegrams_limits_lose_nothing(server: ThreadedServer,
                                                         db_at: Path | str) -> None:
    server.tg.set_rate_limits(RateLimits())  # the stand-in now answers 429 like Telegram
    chats = people(server, 60)

    async def check() -> float:
        async with queue_on(server, db_at) as queue:
            started = time.monotonic()  # the worker may start sending while rows are queued
            for chat in chats:
                await queue.enqueue(SendMessage(chat_id=chat, text="news"), News())
            await drained(queue)
            return time.monotonic() - started

    elapsed = asyncio.run(check())
    assert all(texts(server, chat) == ["news"] for chat in chats)
    statuses = [c.status for c in server.tg.calls_to("sendMessage")]
    assert statuses.count(429) == 0
    assert elapsed > 1.0  # 60 messages at 28/s with a burst: paced, not all at once


def test_retry_after_pauses_the_chat_and_resends_the_same_row(server: ThreadedServer,
                                                              db_at: Path | str) -> None:
    (a,) = people(server, 1)
    server.tg.inject_error("sendMessage", status=429, retry_after=1, times=1, chat_id=a)

    async def check() -> None:
        async with queue_on(server, db_at) as queue:
            await queue.enqueue(SendMessage(chat_id=a, text="one"), Plain())
            await queue.enqueue(SendMessage(chat_id=a, text="two"), Plain())
            await drained(queue)

    started = time.monotonic()
    asyncio.run(check())
    assert texts(server, a) == ["one", "two"]
    assert time.monotonic() - started >= 1.0


def test_blocked_and_unknown_chats_end_with_a_reason_for_the_caller(
        server: ThreadedServer, db_at: Path | str) -> None:
    blocked, fine = people(server, 2)
    server.tg.block(blocked)
    outcomes: list[tuple[int, str]] = []

    async def hook(row: Outgoing, _: Subs, reason: str, result: object) -> None:
        outcomes.append((row.chat_id, reason))

    async def check() -> None:
        async with queue_on(server, db_at) as queue:
            queue.register(Subs, on_outcome=hook)
            for chat in (blocked, 123_456_789, fine):
                await queue.enqueue(SendMessage(chat_id=chat, text="hi"), Subs())
            await drained(queue)

    asyncio.run(check())
    assert sorted(outcomes) == sorted([(blocked, BLOCKED), (123_456_789, CHAT_NOT_FOUND),
                                       (fine, "sent")])


def test_server_errors_are_retried_a_bounded_number_of_times(server: ThreadedServer,
                                                             db_at: Path | str) -> None:
    flaky, broken = people(server, 2)
    server.tg.inject_error("sendMessage", status=502, times=2, chat_id=flaky)
    server.tg.inject_error("sendMessage", status=500, times=50, chat_id=broken)

    async def check() -> None:
        async with queue_on(server, db_at) as queue:
            await queue.enqueue(SendMessage(chat_id=flaky, text="late"), T(), ref="f")
            await queue.enqueue(SendMessage(chat_id=broken, text="never"), T(), ref="b")
            await drained(queue)
            assert [o.state for o in await queue.repo.outcomes("t", "f")] == ["sent"]
            assert [(o.state, o.reason) for o in await queue.repo.outcomes("t", "b")] == \
                [("failed", GAVE_UP)]

    asyncio.run(check())
    assert texts(server, flaky) == ["late"]
    assert len([c for c in server.tg.calls_to("sendMessage")
                if str(c.params.get("chat_id")) == str(broken)]) == FAST.max_attempts


def test_queued_rows_survive_a_restart(server: ThreadedServer, db_at: Path | str) -> None:
    (a,) = people(server, 1)

    async def queue_and_stop() -> None:
        async with queue_on(server, db_at, run=False) as queue:
            await queue.enqueue(SendMessage(chat_id=a, text="kept"), Plain())

    async def start_again() -> None:
        async with queue_on(server, db_at) as queue:
            await drained(queue)

    asyncio.run(queue_and_stop())
    assert texts(server, a) == []
    asyncio.run(start_again())
    assert texts(server, a) == ["kept"]


def test_two_replicas_on_postgres_send_each_row_once(server: ThreadedServer,
                                                     db_at: Path | str) -> None:
    """Two workers (two processes' worth: two databases, two budgets) drain one queue on
    PostgreSQL: each row is claimed by one of them (issue #16), so no message goes twice, and
    a replica that dies leaves nothing in the queue the other cannot finish."""
    sqlite_only_not(db_at)
    chats = people(server, 40)

    async def check() -> None:
        async with queue_on(server, db_at) as one, queue_on(server, db_at) as two:
            for n, chat in enumerate(chats):
                await (one if n % 2 else two).enqueue(
                    SendMessage(chat_id=chat, text="once"), Plain())
            await drained(one)
            await drained(two)
            assert one.sent_count and two.sent_count  # both worked
            assert one.sent_count + two.sent_count == len(chats)

    asyncio.run(check())
    assert all(texts(server, chat) == ["once"] for chat in chats)


def sqlite_only_not(where: Path | str) -> None:
    if not is_postgres(where):
        pytest.skip("a SQLite file has one process: replicas claim rows on PostgreSQL only")
