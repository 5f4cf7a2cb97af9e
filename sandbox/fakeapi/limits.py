"""Failure injection and optional Telegram-like flood limits."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .errors import ApiError, injected, too_many_requests


@dataclass
class Fault:
    method: str  # lower-case method name, or "*" for any method except getUpdates
    status: int
    retry_after: int
    times: int
    chat_id: int | str | None
    description: str | None
    body: dict[str, Any] | str | None = None  # a garbled answer instead of an error

    def matches(self, method: str, chat_id: object) -> bool:
        if self.method == "*":
            if method == "getupdates":
                return False
        elif self.method != method:
            return False
        return self.chat_id is None or str(self.chat_id) == str(chat_id)


class Faults:
    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        self._faults.append(fault)

    def clear(self) -> None:
        self._faults.clear()

    def take(self, method: str, chat_id: object) -> ApiError | None:
        """Consume one matching fault, if any, and return its error."""
        for fault in self._faults:
            if fault.matches(method, chat_id):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return injected(fault.status, fault.retry_after, fault.description,
                                fault.body)
        return None


@dataclass
class _Bucket:
    capacity: float
    per_second: float
    tokens: float
    at: float

    def take(self, now: float) -> float:
        """Spend a token; return 0, or the seconds to wait if the bucket is empty."""
        self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.per_second)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.per_second


@dataclass
class RateLimits:
    """Telegram's documented send limits (approximate): off unless enabled."""

    private_per_second: float = 1.0
    private_burst: int = 3
    group_per_minute: int = 20
    global_per_second: int = 30
    _buckets: dict[object, _Bucket] = field(default_factory=dict)

    def check(self, chat_id: int, is_private: bool, now: float) -> None:
        """Raise 429 when a send to chat_id now would exceed a limit."""
        if is_private:
            chat = self._bucket(chat_id, self.private_burst, self.private_per_second, now)
        else:
            chat = self._bucket(chat_id, self.group_per_minute, self.group_per_minute / 60, now)
        glob = self._bucket("*", self.global_per_second, self.global_per_second, now)
        wait = max(chat.take(now), glob.take(now))
        if wait > 0:
            raise too_many_requests(max(1, math.ceil(wait)))

    def _bucket(self, key: object, capacity: float, rate: float, now: float) -> _Bucket:
        if key not in self._buckets:
            self._buckets[key] = _Bucket(capacity, rate, capacity, now)
        return self._buckets[key]
