"""Retries for what a person is waiting for: a 429 is waited out as Telegram asks (the screen
arrives late, never replaced by an apology), a server or network failure is retried a few times
with back-off, and a press answered too late is not an error.

The outbound queue's sends pass straight through: the queue reschedules its own rows.
"""

from __future__ import annotations

import asyncio
import logging
from contextvars import ContextVar

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import AnswerCallbackQuery, GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType

from bot.pipeline.middlewares.budget import from_queue
from dialogs.loggable import Safe

log = logging.getLogger(__name__)
# Off while start-up checks the Bot API: a wrong URL or token should fail at once, in one line.
retrying: ContextVar[bool] = ContextVar("qorgau_retrying", default=True)
_TOO_LATE = ("query is too old", "query id is invalid")


class RetryLater(BaseRequestMiddleware):
    def __init__(self, failures: int = 4, max_wait: float = 300.0) -> None:
        self.failures = failures  # attempts for server and network failures
        self.max_wait = max_wait  # total seconds a request may wait for 429s

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if from_queue.get() or not retrying.get() or isinstance(method, GetUpdates) or \
                method.__api_method__ == "getUpdates":
            return await make_request(bot, method)
        failures, waited = 0, 0.0
        while True:
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if waited + exc.retry_after > self.max_wait:
                    raise
                wait: float = exc.retry_after
                waited += wait
            except (TelegramServerError, TelegramNetworkError):
                failures += 1
                if failures >= self.failures:
                    raise
                wait = 0.5 * 2 ** (failures - 1)
            except TelegramBadRequest as exc:
                if isinstance(method, AnswerCallbackQuery) and \
                        any(part in exc.message.lower() for part in _TOO_LATE):
                    return True  # type: ignore[return-value]  # the spinner has stopped anyway
                raise
            log.warning("%s: retrying in %.1f s", Safe(method.__api_method__), wait)
            await asyncio.sleep(wait)
