"""The global send budget: every request that places a new message takes a token from one bucket
(Telegram allows a bot about 30 new messages a second; editing a screen in place is not counted
against it). The outbound queue's sends leave a reserve in the bucket, so a person waiting for
an answer always goes first."""

from __future__ import annotations

import asyncio
from contextvars import ContextVar

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType

from dialogs.rate import TokenBucket

# Set by the outbound worker around its sends: they yield to interactive replies, and their
# 429s and failures are handled by the worker itself (no inline waiting or retrying).
from_queue: ContextVar[bool] = ContextVar("qorgau_from_queue", default=False)

_PLACING = ("send", "copy", "forward")


def places_messages(method: TelegramMethod[object]) -> bool:
    name = method.__api_method__
    return name.startswith(_PLACING) and name != "sendChatAction"


class SendBudget(BaseRequestMiddleware):
    def __init__(self, bucket: TokenBucket, queue_reserve: float) -> None:
        self.bucket = bucket
        self.queue_reserve = queue_reserve

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if places_messages(method):
            reserve = self.queue_reserve if from_queue.get() else 0.0
            while (wait := self.bucket.try_take(reserve)) > 0:  # noqa: ASYNC110 - exact wait
                await asyncio.sleep(wait)
        return await make_request(bot, method)
