"""Readiness: can this process do its work right now? The database answers, the Bot API
answers (getMe, cached a few seconds so a busy scraper costs Telegram nothing), and Redis
answers when REDIS_URL is set. A failed check is named with the kind of failure only, never
a URL, a token or an exception's text."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiogram import Bot

from bot.middlewares.retry import retrying
from storage.db import Database

CHECK_TIMEOUT = 3.0  # seconds for one check
API_CACHE_SECONDS = 5.0


@dataclass
class Readiness:
    checks: dict[str, str] = field(default_factory=dict)  # name -> "ok" or the failure kind

    @property
    def ready(self) -> bool:
        return all(v == "ok" for v in self.checks.values())

    def as_json(self) -> dict[str, object]:
        return {"status": "ready" if self.ready else "not ready", "checks": self.checks}


async def _check(probe: Callable[[], Awaitable[object]]) -> str:
    try:
        async with asyncio.timeout(CHECK_TIMEOUT):
            await probe()
    except TimeoutError:
        return "timeout"
    except Exception as exc:
        return f"failed ({type(exc).__name__})"
    return "ok"


class Health:
    def __init__(self, db: Database, bot: Bot, redis_url: str | None = None) -> None:
        self.db = db
        self.bot = bot
        self.redis_url = redis_url
        self._redis: object | None = None
        self._api: tuple[float, str] | None = None  # (when, result) of the last getMe
        self._api_lock = asyncio.Lock()

    async def readiness(self) -> Readiness:
        names = ["database", "bot_api"] + (["redis"] if self.redis_url else [])
        probes = [self._database(), self._bot_api()] + ([self._redis_ping()]
                                                        if self.redis_url else [])
        results = await asyncio.gather(*probes)
        return Readiness(dict(zip(names, results, strict=True)))

    async def _database(self) -> str:
        return await _check(self.db.ping)

    async def _bot_api(self) -> str:
        async with self._api_lock:  # one getMe at a time, whoever asks
            cached = self._api
            if cached is not None and time.monotonic() - cached[0] < API_CACHE_SECONDS:
                return cached[1]
            token = retrying.set(False)  # a readiness probe must answer now, not retry
            try:
                result = await _check(self.bot.get_me)
            finally:
                retrying.reset(token)
            self._api = (time.monotonic(), result)
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
