"""A per-person flood limit: a token bucket, so bursts pass and a flood is dropped quietly."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class FloodLimit(BaseMiddleware):
    def __init__(self, burst: int, rate: float, clock: Callable[[], float] = time.monotonic):
        self.burst = burst
        self.rate = rate
        self.clock = clock
        self._buckets: dict[int, tuple[float, float]] = {}  # user id -> (tokens, last seen)

    def allow(self, user_id: int) -> bool:
        now = self.clock()
        tokens, seen = self._buckets.get(user_id, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - seen) * self.rate)
        if len(self._buckets) > 50_000:  # forget idle people rather than grow without end
            self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 60}
        if tokens < 1:
            self._buckets[user_id] = (tokens, now)
            return False
        self._buckets[user_id] = (tokens - 1, now)
        return True

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is not None and not self.allow(user.id):
            return None
        return await handler(event, data)
