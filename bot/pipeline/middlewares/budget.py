"""The global send budget: every request that places a new message takes a token from one bucket
(Telegram allows a bot about 30 new messages a second; editing a screen in place is not counted
against it). The outbound queue's sends leave a reserve in the bucket, so a person waiting for
an answer always goes first."""

from __future__ import annotations

import asyncio
import logging
from contextvars import ContextVar
from typing import TYPE_CHECKING, Protocol

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType

from dialogs.rate import TokenBucket

if TYPE_CHECKING:  # redis is the scale path's: imported only when REDIS_URL is set
    from storage.redis_rate import RedisBuckets

log = logging.getLogger(__name__)

# Set by the outbound worker around its sends: it takes their tokens itself (leaving a reserve
# to interactive replies), and handles their 429s and failures (no inline waiting or retrying).
from_queue: ContextVar[bool] = ContextVar("qorgau_from_queue", default=False)

_PLACING = ("send", "copy", "forward")


def places_messages(method: TelegramMethod[object]) -> bool:
    name = method.__api_method__
    return name.startswith(_PLACING) and name != "sendChatAction"


class Budget(Protocol):
    """The bot's one budget of new messages a second."""

    async def take(self, reserve: float = 0.0) -> None:
        """Wait for a token (leaving `reserve` tokens to others), then take it."""

    def pause(self, seconds: float) -> None:
        """Nothing is sent for `seconds` (Telegram said retry_after to many chats at once)."""


class LocalBudget:
    """This process's budget (one process: the default)."""

    def __init__(self, bucket: TokenBucket) -> None:
        self.bucket = bucket

    async def take(self, reserve: float = 0.0) -> None:
        while (wait := self.bucket.try_take(reserve)) > 0:  # noqa: ASYNC110 - it knows the wait
            await asyncio.sleep(wait)

    def pause(self, seconds: float) -> None:
        self.bucket.pause(seconds)


class SharedBudget:
    """One budget in Redis for every replica (REDIS_URL): Telegram's limit is per bot."""

    def __init__(self, buckets: RedisBuckets) -> None:
        self.buckets = buckets
        self._pausing: set[asyncio.Task[None]] = set()

    async def take(self, reserve: float = 0.0) -> None:
        while (wait := await self.buckets.try_take(reserve=reserve)) > 0:  # noqa: ASYNC110
            await asyncio.sleep(wait)

    def pause(self, seconds: float) -> None:
        task = asyncio.get_running_loop().create_task(self._pause(seconds))
        self._pausing.add(task)
        task.add_done_callback(self._pausing.discard)

    async def _pause(self, seconds: float) -> None:
        try:
            await self.buckets.pause(seconds)
        except Exception as exc:  # Redis away: the per-chat pauses still hold
            log.warning("send budget: the pause did not reach Redis (%s)", exc)


def as_budget(bucket: TokenBucket | Budget) -> Budget:
    return LocalBudget(bucket) if isinstance(bucket, TokenBucket) else bucket


class SendBudget(BaseRequestMiddleware):
    def __init__(self, bucket: TokenBucket | Budget) -> None:
        self.budget = as_budget(bucket)

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        # The outbound queue takes its token itself, before it marks a row as being sent.
        if places_messages(method) and not from_queue.get():
            await self.budget.take()
        return await make_request(bot, method)
