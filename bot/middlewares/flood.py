"""A per-person flood limit: a token bucket, so bursts pass and a flood is dropped quietly.

Registered as the first outer middleware after aiogram's own (errors, user context), before
the FSM middleware: a flood costs no lock and no SQL.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User

from dialogs.rate import Clock, KeyedBuckets

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class FloodLimit(BaseMiddleware):
    def __init__(self, burst: int, rate: float, clock: Clock | None = None) -> None:
        self.buckets = KeyedBuckets(rate, burst, *(() if clock is None else (clock,)))

    def allow(self, user_id: int) -> bool:
        return self.buckets.try_take(user_id) == 0

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is not None and not self.allow(user.id):
            return None
        return await handler(event, data)
