"""One person's updates handled by one replica at a time (REDIS_URL with several replicas).

A lock is a key set only if absent, holding a random token, with a time to live; it is renewed
while held (`renew`, every few seconds) and deleted only by its holder. A replica that dies
leaves its locks to expire within LOCK_MS. Key names are the callers' keyed hashes, never ids.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # redis is the scale path's: imported only when REDIS_URL is set
    from redis.asyncio import Redis

LOCK_MS = 10_000  # renewed every LEASE_MS / 4 (bot/replicas.py)
_WAIT_FIRST, _WAIT_MOST = 0.005, 0.1  # seconds between tries while another replica holds it

# Delete or renew a lock only while it is still ours (it may have expired and gone to another).
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
_RENEW = """
local kept = 0
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[i + 1] then
    redis.call('PEXPIRE', key, ARGV[1])
    kept = kept + 1
  end
end
return kept
"""


class RedisLocks:
    def __init__(self, redis: Redis, prefix: str, lock_ms: int = LOCK_MS) -> None:
        self.redis, self.prefix, self.lock_ms = redis, prefix, lock_ms
        self._held: dict[str, str] = {}  # key -> token
        self._release = redis.register_script(_RELEASE)
        self._renew = redis.register_script(_RENEW)

    @contextlib.asynccontextmanager
    async def hold(self, name: str) -> AsyncIterator[None]:
        """Wait for the lock `name`, hold it for the block, give it back."""
        key, token, wait = f"{self.prefix}:{name}", secrets.token_hex(8), _WAIT_FIRST
        while not await self.redis.set(key, token, nx=True, px=self.lock_ms):
            await asyncio.sleep(wait)
            wait = min(_WAIT_MOST, wait * 2)
        self._held[key] = token
        try:
            yield
        finally:
            self._held.pop(key, None)
            await asyncio.shield(self._release(keys=[key], args=[token]))

    @property
    def held(self) -> int:
        return len(self._held)

    async def renew(self) -> int:
        """Every lock held lives LOCK_MS more; call well within LOCK_MS. Returns how many."""
        held = dict(self._held)
        if not held:
            return 0
        return int(await self._renew(keys=list(held), args=[self.lock_ms, *held.values()]))
