"""Scheduled jobs run once, however many replicas run them: each round, a replica asks for the
job's turn first. One process (the default) always has it; with REDIS_URL the turn is a key set
only if absent, expiring a little before the next round, so one replica a round does the job
and another takes over within a round when that one dies."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # redis is the scale path's: imported only when REDIS_URL is set
    from redis.asyncio import Redis

SHARE = 0.9  # of the round a turn lasts: it is free again before the next round begins


class Turns(Protocol):
    async def take(self, job: str, every: float) -> bool:
        """Whether this process does `job` this round (rounds every `every` seconds)."""


class OnlyProcess:
    async def take(self, job: str, every: float) -> bool:
        return True


class SharedTurns:
    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis, self.prefix = redis, prefix

    async def take(self, job: str, every: float) -> bool:
        lasts = max(1, int(every * SHARE * 1000))
        return bool(await self.redis.set(f"{self.prefix}:turn:{job}", "1", nx=True, px=lasts))
ONLY_PROCESS = OnlyProcess()  # the default: a single process has every turn
