"""Readiness: can this process do its work right now? The database answers, the Bot API
answers (getMe, asked live with a short timeout; callers at the same moment share one answer,
and its age is given), and Redis answers when REDIS_URL is set. A dependency the bot's own loops
found away (bot/pipeline/outage.py) is named too, with how long it has been away. A failed
check is named with the kind of failure only, never a URL, a token or an exception's text."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiogram import Bot

from bot.pipeline.middlewares.retry import retrying
from bot.pipeline.outage import Outages
from storage.db import Database

CHECK_TIMEOUT = 3.0  # seconds for one check
API_TIMEOUT = 2.0  # seconds for the live getMe
API_SHARED_SECONDS = 1.0  # a getMe answered this recently answers other askers too


@dataclass
class Readiness:
    checks: dict[str, str] = field(default_factory=dict)  # name -> "ok" or the failure kind
    # seconds since the Bot API last answered getMe (this check's, or an earlier one's)
    bot_api_age: float | None = None
    down: dict[str, dict[str, object]] = field(default_factory=dict)  # the bot's own findings

    @property
    def ready(self) -> bool:
        return all(v == "ok" for v in self.checks.values()) and not self.down

    def as_json(self) -> dict[str, object]:
        answer: dict[str, object] = {"status": "ready" if self.ready else "not ready",
                                     "checks": self.checks}
        if self.bot_api_age is not None:
            answer["bot_api_answered_seconds_ago"] = round(self.bot_api_age, 1)
        if self.down:
            answer["down"] = self.down
        return answer


async def _check(probe: Callable[[], Awaitable[object]], within: float = CHECK_TIMEOUT) -> str:
    try:
        async with asyncio.timeout(within):
            await probe()
    except TimeoutError:
        return "timeout"
    except Exception as exc:
        return f"failed ({type(exc).__name__})"
    return "ok"


class Health:
    def __init__(self, db: Database, bot: Bot, redis_url: str | None = None,
                 outages: Outages | None = None) -> None:
        self.db = db
        self.bot = bot
        self.redis_url = redis_url
        self.outages = outages or Outages()
        self._redis: object | None = None
        self._api: tuple[float, str] | None = None  # (when, result) of the last getMe
        self._api_ok_at: float | None = None  # when getMe last answered
        self._api_lock = asyncio.Lock()

    async def readiness(self) -> Readiness:
        names = ["database", "bot_api"] + (["redis"] if self.redis_url else [])
        probes = [self._database(), self._bot_api()] + ([self._redis_ping()]
                                                        if self.redis_url else [])
        results = await asyncio.gather(*probes)
        now = time.monotonic()
        age = None if self._api_ok_at is None else now - self._api_ok_at
        down: dict[str, dict[str, object]] = {
            name: {"for_seconds": round(now - d.since), "error": d.error}
            for name, d in self.outages.down().items()}
        return Readiness(dict(zip(names, results, strict=True)), age, down)

    async def _database(self) -> str:
        return await _check(self.db.ping)

    async def _bot_api(self) -> str:
        async with self._api_lock:  # one getMe at a time, whoever asks
            cached = self._api
            if cached is not None and time.monotonic() - cached[0] < API_SHARED_SECONDS:
                return cached[1]
            token = retrying.set(False)  # a readiness probe must answer now, not retry
            try:
                result = await _check(self.bot.get_me, API_TIMEOUT)
            finally:
                retrying.reset(token)
            self._api = (time.monotonic(), result)
            if result == "ok":
                self._api_ok_at = self._api[0]
            return result

    async def _redis_ping(self) -> str:
        async def ping() -> None:
            if self._redis is None:
                import redis.asyncio as redis  # the `scale` extra

                self._redis = redis.from_url(self.redis_url or "",
                                             socket_connect_timeout=CHECK_TIMEOUT,
                                             socket_timeout=CHECK_TIMEOUT)
            await self._redis.ping()  # type: ignore[attr-defined]

        return await _check(ping)

    async def close(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()  # type: ignore[attr-defined]
