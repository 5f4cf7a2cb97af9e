"""Scheduled jobs run once, however many replicas run them: each round, a replica asks for the
job's turn first. One process (the default) always has it; with REDIS_URL the turn is a key set
only if absent, expiring a little before the next round, so one replica a round does the job
and another takes over within a round when that one dies."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # redis is the scale path's: imported only when REDIS_URL is set
    from redis.asyncio import Redis

SHARE = 0.9  # of the round a turn lasts: it is free again before the next round begins


class Turns(Protocol):
    async def take(self, job: str, every: float) -> bool:
        """Whether this process does `job` this round (rounds every `every` seconds)."""

    async def release(self) -> None:
        """Give back the turns held, at a clean stop."""


class OnlyProcess:
    async def take(self, job: str, every: float) -> bool:
        return True

    async def release(self) -> None:
        """Nothing is held outside this process."""


# Delete a turn only if it is still ours (it may have expired and gone to another replica).
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class SharedTurns:
    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis, self.prefix = redis, prefix
        self.me = secrets.token_hex(8)
        self._held: set[str] = set()

    async def take(self, job: str, every: float) -> bool:
        lasts = max(1, int(every * SHARE * 1000))
        name = f"{self.prefix}:turn:{job}"
        if await self.redis.set(name, self.me, nx=True, px=lasts):
            self._held.add(name)
            return True
        return False

    async def release(self) -> None:
        """On a clean stop: the turns this process holds go at once, so a restarted or another
        replica does the next round on time (after a crash they expire within a round)."""
        for name in self._held:
            await self.redis.eval(_RELEASE, 1, name, self.me)
        self._held.clear()
ONLY_PROCESS = OnlyProcess()  # the default: a single process has every turn
