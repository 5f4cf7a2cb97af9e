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

# Set by the outbound worker around its sends: it takes their tokens itself (leaving a reserve
# to interactive replies), and handles their 429s and failures (no inline waiting or retrying).
from_queue: ContextVar[bool] = ContextVar("qorgau_from_queue", default=False)

_PLACING = ("send", "copy", "forward")


def places_messages(method: TelegramMethod[object]) -> bool:
    name = method.__api_method__
    return name.startswith(_PLACING) and name != "sendChatAction"


class SendBudget(BaseRequestMiddleware):
    def __init__(self, bucket: TokenBucket) -> None:
        self.bucket = bucket

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        # The outbound queue takes its token itself, before it marks a row as being sent.
        if places_messages(method) and not from_queue.get():
            await take(self.bucket)
        return await make_request(bot, method)


async def take(bucket: TokenBucket, reserve: float = 0.0) -> None:
    """Wait for a token (leaving `reserve` tokens to others), then take it."""
    while (wait := bucket.try_take(reserve)) > 0:  # noqa: ASYNC110 - the bucket knows the wait
        await asyncio.sleep(wait)
