"""Taking an update in: the steps long polling (bot/pipeline/polling.py) and the webhook
(bot/pipeline/webhook.py) share, so an update takes one path from whichever door it came in.

1. its id must be an integer in Telegram's range (no client sent another; it could not be
   stored either);
2. while the inbox runner holds too many, wait for room (the handlers catch up first);
3. store it raw in the durable inbox (with replicas: leased to this replica, with a keyed hash
   of whose it is), shielded, so a cancelled caller does not stop a write on its way;
4. only then hand it to the inbox runner.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, TypeGuard

from bot.pipeline.inbox import InboxRunner
from bot.pipeline.replicas import Replica
from storage.inbox import InboxRepo

UPDATE_ID_LIMIT = 2**52  # Telegram's ids fit in 52 bits (bot/pipeline/middlewares/guard.py)
BACKLOG_LIMIT = 2000  # updates in the runner's hands before new ones wait

Update = tuple[int, dict[str, Any]]


def valid_id(update_id: object) -> TypeGuard[int]:
    return (isinstance(update_id, int) and not isinstance(update_id, bool)
            and 0 <= update_id < UPDATE_ID_LIMIT)


class Receipt:
    def __init__(self, inbox: InboxRepo, runner: InboxRunner,
                 replica: Replica | None = None) -> None:
        self.inbox = inbox
        self.runner = runner
        self.replica = replica

    @property
    def owner(self) -> str | None:
        return self.replica.name if self.replica else None

    def row(self, update_id: int, update: dict[str, Any]) -> tuple[int, str, str | None]:
        """The update as stored: raw JSON, and with replicas whose it is (a keyed hash)."""
        payload = json.dumps(update, ensure_ascii=False, separators=(",", ":"))
        return update_id, payload, self.replica.person(update_id, update) if self.replica \
            else None

    @property
    def full(self) -> bool:
        return self.runner.backlog >= BACKLOG_LIMIT

    async def room(self) -> None:
        """Wait until the runner is down to half the limit (call while `full`)."""
        await self.runner.wait_below(BACKLOG_LIMIT // 2)

    async def store_batch(self, batch: list[Update], next_offset: int | None) -> None:
        """A getUpdates batch and the offset that acknowledges it, in one transaction."""
        rows = [self.row(update_id, update) for update_id, update in batch]
        await asyncio.shield(self.inbox.store(rows, next_offset, owner=self.owner))
        self.runner.submit(batch)

    async def store_one(self, update_id: int, update: dict[str, Any]) -> bool:
        """One update POSTed to the webhook; False when it was taken in before (resent)."""
        _, payload, person = self.row(update_id, update)
        store = self.inbox.store_once(update_id, payload, person, owner=self.owner)
        stored = await asyncio.shield(store)
        if stored:
            self.runner.submit([(update_id, update)])
        return stored
