"""Running the inbox: concurrent across people, in order for one person.

Each person (or chat, for updates without a person) has a queue; one task drains it, so a
person's updates are handled one after another (no lock needed around their dialog), while
different people are handled side by side, at most `concurrency` at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Hashable, Iterable
from typing import Any

log = logging.getLogger(__name__)

RawUpdate = dict[str, Any]
Handle = Callable[[int, RawUpdate], Awaitable[None]]


def person_key(update_id: int, raw: RawUpdate) -> Hashable:
    """Whose update this is: the sender, else the chat, else the update itself."""
    for value in raw.values():
        if not isinstance(value, dict):
            continue
        for field in ("from", "user", "chat"):
            who = value.get(field)
            if isinstance(who, dict) and isinstance(who.get("id"), int):
                return who["id"]
    return ("update", update_id)


class InboxRunner:
    def __init__(self, handle: Handle, concurrency: int = 64) -> None:
        self._handle = handle
        self._slots = asyncio.Semaphore(concurrency)
        self._queues: dict[Hashable, deque[tuple[int, RawUpdate]]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._backlog = 0
        self._in_hand: set[int] = set()  # update ids submitted and not finished
        self._changed = asyncio.Event()

    @property
    def backlog(self) -> int:
        """Updates submitted and not finished yet."""
        return self._backlog

    def holds(self, update_id: int) -> bool:
        return update_id in self._in_hand

    def submit(self, batch: Iterable[tuple[int, RawUpdate]]) -> None:
        for update_id, raw in batch:
            key = person_key(update_id, raw)
            queue = self._queues.get(key)
            if queue is None:
                queue = self._queues[key] = deque()
                task = asyncio.create_task(self._drain(key, queue))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            queue.append((update_id, raw))
            self._in_hand.add(update_id)
            self._backlog += 1

    async def _drain(self, key: Hashable, queue: deque[tuple[int, RawUpdate]]) -> None:
        try:
            while queue:
                update_id, raw = queue[0]
                async with self._slots:
                    try:
                        await self._handle(update_id, raw)
                    except Exception as exc:
                        log.error("update %s: %s", update_id, type(exc).__name__)
                queue.popleft()
                self._in_hand.discard(update_id)
                self._backlog -= 1
                self._changed.set()
        finally:
            if self._queues.get(key) is queue:
                del self._queues[key]

    async def wait_below(self, backlog: int) -> None:
        while self._backlog >= backlog:
            self._changed.clear()
            await self._changed.wait()

    async def finish(self, grace: float) -> int:
        """Let the updates in hand finish within `timeout` seconds, then cancel the rest (they
        stay in the inbox and are handled at the next start). Returns how many were left."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=grace)
        left = self._backlog
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        return left
