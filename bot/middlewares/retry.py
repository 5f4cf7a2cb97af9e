"""Retry a Bot API request that Telegram asked us to repeat later (429) or that failed on its
side (5xx), so a burst does not lose a person's answer."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType

log = logging.getLogger(__name__)


class RetryLater(BaseRequestMiddleware):
    def __init__(self, attempts: int = 4, max_wait: float = 30.0) -> None:
        self.attempts = attempts
        self.max_wait = max_wait

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if isinstance(method, GetUpdates):  # polling has its own back-off
            return await make_request(bot, method)
        for attempt in range(1, self.attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if attempt == self.attempts or exc.retry_after > self.max_wait:
                    raise
                wait: float = exc.retry_after
            except TelegramServerError:
                if attempt == self.attempts:
                    raise
                wait = 0.5 * 2 ** (attempt - 1)
            log.warning("%s: retrying in %.1f s (attempt %d)", type(method).__name__, wait,
                        attempt)
            await asyncio.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

