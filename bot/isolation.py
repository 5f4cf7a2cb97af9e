"""Per-person event isolation: two quick updates from one person are handled one after another,
so they cannot race on the same dialog state. Locks are dropped when nobody holds or waits on
them (aiogram's SimpleEventIsolation keeps every lock for ever)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey


class PerPersonIsolation(BaseEventIsolation):
    def __init__(self) -> None:
        self._locks: dict[StorageKey, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    @property
    def held(self) -> int:
        """How many people have an update in progress or waiting. (Not __len__: aiogram tests
        the isolation object for truth, and an empty one must not read as "no isolation".)"""
        return len(self._locks)

    async def close(self) -> None:
        self._locks.clear()
