"""Token buckets: bursts pass, a sustained rate above the limit waits (or is dropped).

Pure logic with an injectable clock, shared by the per-person flood limit, the global send
budget and the outbound worker's per-chat limits.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

Clock = Callable[[], float]


class TokenBucket:
    def __init__(self, rate: float, burst: float, clock: Clock = time.monotonic) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("a bucket needs a positive rate and room for one token")
        self.rate = rate
        self.burst = float(burst)
        self.clock = clock
        self._tokens = float(burst)
        self._at = clock()
        self._paused_until = 0.0

    def _refill(self) -> float:
        now = self.clock()
        self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
        self._at = now
        return now

    def wait_time(self, reserve: float = 0.0) -> float:
        """Seconds until a token can be taken while `reserve` tokens stay for others."""
        now = self._refill()
        pause = max(0.0, self._paused_until - now)
        need = 1.0 + reserve - self._tokens
        return max(pause, need / self.rate if need > 0 else 0.0)

    def try_take(self, reserve: float = 0.0) -> float:
        """Take a token and return 0, or return the seconds to wait and take nothing."""
        wait = self.wait_time(reserve)
        if wait > 0:
            return wait
        self._tokens -= 1.0
        return 0.0

    def full(self) -> bool:
        """Whether the bucket has refilled to its burst (a flood, if there was one, is over)."""
        self._refill()
        return self._tokens >= self.burst

    def pause(self, seconds: float) -> None:
        """Nothing passes for `seconds` (Telegram said retry_after)."""
        self._paused_until = max(self._paused_until, self.clock() + seconds)
        self._tokens = min(self._tokens, 0.0)


class KeyedBuckets:
    """One bucket per key (a person, a chat), forgetting the least recently used beyond
    `max_keys`: a forgotten key starts full again, which only errs on the generous side."""

    def __init__(self, rate: float, burst: float, clock: Clock = time.monotonic,
                 max_keys: int = 50_000) -> None:
        self.rate, self.burst, self.clock, self.max_keys = rate, burst, clock, max_keys
        self._buckets: OrderedDict[Hashable, TokenBucket] = OrderedDict()

    def get(self, key: Hashable) -> TokenBucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = TokenBucket(self.rate, self.burst, self.clock)
            if len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
        return bucket

    def try_take(self, key: Hashable) -> float:
        return self.get(key).try_take()

    def __len__(self) -> int:
        return len(self._buckets)
