"""Token buckets in Redis, shared by every bot process (REDIS_URL set): Telegram's limits are
per bot, so two replicas must not each send 30 messages a second, nor each give a flooding
person a fresh burst.

The same rules as dialogs.rate.TokenBucket (refill at `rate`, hold at most `burst`, a reserve
left to others, a pause after a 429), applied atomically by one Lua script with Redis's clock,
so replicas on machines whose clocks differ still share one bucket.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # redis is the scale path's: imported only when REDIS_URL is set
    from redis.asyncio import Redis


# Both scripts below: KEYS[1] is the bucket, ARGV[1] and ARGV[2] its rate and burst, `idle`
# the seconds after which an untouched bucket is dropped (it would be full again anyway). The
# bucket is refilled to Redis's clock first and kept as it ends.
_REFILL = """
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at', 'paused')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
local paused = tonumber(state[3]) or 0
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
"""
_KEEP = """
redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', now, 'paused', paused)
redis.call('EXPIRE', KEYS[1], idle)
"""

# ARGV[3..5]: reserve, pause seconds (0: take a token), idle. Returns the seconds to wait (as a
# string: Lua numbers become integers otherwise); 0: taken.
_SCRIPT = _REFILL + """
local reserve, pause, idle = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local wait = 0
if pause > 0 then
  paused = math.max(paused, now + pause)
  tokens = math.min(tokens, 0)
  wait = pause
elseif pause < 0 then
  wait = (tokens >= burst) and 0 or 1  -- a question only: is the bucket full again?
else
  wait = math.max(0, paused - now)
  local need = 1 + reserve - tokens
  if need > 0 then wait = math.max(wait, need / rate) end
  if wait <= 0 then tokens = tokens - 1 end
end
""" + _KEEP + "return tostring(wait)\n"

# A person's update in the flood limit, in one trip (bot/pipeline/middlewares/flood.py): KEYS[2]
# marks the person's flood episode. A bucket full again ends the last episode; a token is taken
# if there is one (-> 'allow'), else the first drop of an episode marks it (-> 'notice', when
# ARGV[4] is '1') and the rest are quiet (-> 'drop'). ARGV[3]: idle; ARGV[5]: the seconds the
# episode is remembered.
_FLOOD_SCRIPT = _REFILL + """
local idle = tonumber(ARGV[3])
if tokens >= burst then redis.call('DEL', KEYS[2]) end
local verdict = 'drop'
if paused <= now and tokens >= 1 then
  tokens = tokens - 1
  verdict = 'allow'
elseif ARGV[4] == '1' and redis.call('SET', KEYS[2], 1, 'NX', 'EX', ARGV[5]) then
  verdict = 'notice'
end
""" + _KEEP + "return verdict\n"


class RedisBuckets:
    """Buckets of one kind (the global send budget, or one per person), named under `prefix`."""

    def __init__(self, redis: Redis, prefix: str, rate: float, burst: float) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("a bucket needs a positive rate and room for one token")
        self.redis, self.prefix, self.rate, self.burst = redis, prefix, rate, float(burst)
        self._script = redis.register_script(_SCRIPT)
        self._flood = redis.register_script(_FLOOD_SCRIPT)
        self._idle = max(60, int(self.burst / self.rate) + 60)

    async def _call(self, key: str, reserve: float, pause: float) -> float:
        name = f"{self.prefix}:{key}" if key else self.prefix
        result = await self._script(keys=[name], args=[self.rate, self.burst, reserve, pause,
                                                        self._idle])
        return float(result.decode() if isinstance(result, bytes) else result)

    async def try_take(self, key: str = "", reserve: float = 0.0) -> float:
        """Take a token and return 0, or return the seconds to wait and take nothing."""
        return await self._call(key, reserve, 0.0)

    async def pause(self, seconds: float, key: str = "") -> None:
        """Nothing passes for `seconds` (Telegram said retry_after), in every process."""
        if seconds > 0:
            await self._call(key, 0.0, seconds)

    async def full(self, key: str = "") -> bool:
        """Whether the bucket has refilled to its burst (a flood, if there was one, is over)."""
        return await self._call(key, 0.0, -1.0) == 0

    async def flood_verdict(self, key: str, *, may_notice: bool, remember: int) -> str:
        """One person's update (`key`: a keyed hash): 'allow' (a token taken), 'notice' (the
        first drop of a flood episode, when `may_notice`) or 'drop'; the episode is remembered
        `remember` seconds, under `{prefix}:episode:{key}`. One trip, where `full`,
        `try_take` and the episode's mark took up to four."""
        result = await self._flood(
            keys=[f"{self.prefix}:{key}", f"{self.prefix}:episode:{key}"],
            args=[self.rate, self.burst, self._idle, "1" if may_notice else "0", remember])
        return result.decode() if isinstance(result, bytes) else str(result)
