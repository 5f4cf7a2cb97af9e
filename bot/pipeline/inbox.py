"""Running the inbox: concurrent across people, in order for one person.

Each person (or chat, for updates without a person) has a queue; one task drains it, so a
person's updates are handled one after another (no lock needed around their dialog), while
different people are handled side by side, at most `concurrency` at once.
"""

from __future__ import annotations

import asyncio
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

    def in_hand(self) -> frozenset[int]:
        """The update ids submitted and not finished, now."""
        return frozenset(self._in_hand)

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
                        log.error("update %s: %s", update_id, exc)
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

    async def finish(self, grace: float, patience: float = 1.5) -> int:
        """Let the updates in hand finish within `grace` seconds, then cancel the rest (they
        stay in the inbox and are handled at the next start). Returns how many were left.

        A cancelled task may still await in a `finally` (aiogram answers a press there, and a
        Bot API that hangs would hold it for a minute): it is cancelled again, and one still
        running after `patience` seconds is left behind, so a stop ends in time whatever the
        network does."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=grace)
        left = self._backlog
        loop = asyncio.get_running_loop()
        deadline = loop.time() + patience
        while self._tasks and (remaining := deadline - loop.time()) > 0:
            for task in list(self._tasks):
                task.cancel()
            await asyncio.wait(set(self._tasks), timeout=min(0.1, remaining))
        if self._tasks:
            log.warning("%d update task(s) did not stop within %.0f s; left behind",
                        len(self._tasks), patience)
        return left
