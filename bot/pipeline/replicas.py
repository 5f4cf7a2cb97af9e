"""Several bot processes sharing the work (issue #16, part 4): one PostgreSQL database, one
Redis, the webhook spread over them by a load balancer.

- Each update is stored leased to the replica that took it in, tagged with a keyed hash of
  whose it is. The replica renews its leases while it lives (`keep`).
- A person's updates are handled under that person's lock in Redis, and under it every update
  of theirs still pending up to this one is handled in order, whichever replica took it in: a
  quick second press that reached another replica never overtakes the first, and no update is
  handled twice (each is deleted in the same commit as its handler's writes, and looked up
  again under the lock).
- A replica that dies leaves its updates pending; their leases run out and another replica's
  sweep claims them (FOR UPDATE SKIP LOCKED) and handles them. At a clean stop the leases are
  given back at once.
- The outbound queue and the broadcast outbox are claimed the same way (storage/outbox.py); the
  send budget, the flood limit and the scheduled jobs' turns live in Redis
  (bot/pipeline/shared_state.py).

Without REDIS_URL and PostgreSQL there is one process: its inbox runner alone keeps a person's
updates in order, and none of this runs.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections.abc import Callable
from typing import Any

from bot.pipeline.inbox import InboxRunner, RawUpdate, person_key
from bot.pipeline.outage import Outages, dependency_of
from storage.inbox import LEASE_MS, InboxRepo
from storage.redis_locks import RedisLocks

log = logging.getLogger(__name__)
SWEEP_LIMIT = 500  # updates claimed from others at one sweep


class Replica:
    def __init__(self, inbox: InboxRepo, locks: RedisLocks,
                 name_for: Callable[[int | str], str]) -> None:
        self.inbox = inbox
        self.locks = locks
        self._name_for = name_for
        self.name = f"replica-{secrets.token_hex(8)}"  # leased_by: a random name

    def person(self, update_id: int, raw: RawUpdate) -> str:
        """Whose update, as stored: a keyed hash (the inbox keeps no id in the clear)."""
        return self._name_for(repr(person_key(update_id, raw)))

    async def in_order(self, update_id: int, raw: RawUpdate,
                       handle: Callable[[int, RawUpdate], Any]) -> int:
        """Handle this update, after the person's earlier ones still pending, under their lock.
        Returns how many were handled (0: another replica already did this one)."""
        person = self.person(update_id, raw)
        async with self.locks.hold(f"person:{person}"):
            pending = await self.inbox.earlier(person, update_id)
            for pending_id, payload in pending:
                await handle(pending_id, raw if pending_id == update_id else json.loads(payload))
        return len(pending)

    async def sweep(self, runner: InboxRunner) -> int:
        """Take the updates nobody holds any more (a replica died, or stopped) and hand them
        to this replica's runner; the first sweep is the resume after a start."""
        # In hand before the claim, or since: an update whose handling finished while the
        # claim ran (its row read before its deletion committed) is not handled twice.
        before = runner.in_hand()
        rows = await self.inbox.claim(SWEEP_LIMIT, self.name)
        fresh = [(update_id, json.loads(payload)) for update_id, payload in rows
                 if update_id not in before and not runner.holds(update_id)]
        runner.submit(fresh)
        return len(fresh)

    async def keep(self, runner: InboxRunner, outages: Outages | None = None,
                   every: float = LEASE_MS / 4000) -> None:
        """While this replica lives: its leases and locks renewed, others' leftovers swept.
        The database or Redis away a moment: tried again next round, the outage told once."""
        outages, away = outages or Outages(), set()
        while True:
            try:
                await self.inbox.renew(self.name)
                await self.locks.renew()
                taken = await self.sweep(runner)
                if taken:
                    log.info("took over %d stored updates", taken)
                while away:
                    outages.recovered(away.pop())
            except Exception as exc:
                dependency = dependency_of(exc)
                if dependency is None:
                    log.warning("replica upkeep failed (%s)", exc)
                else:
                    outages.failed(dependency, exc)
                    away.add(dependency)
            await asyncio.sleep(every)

    async def release(self) -> None:
        """At a clean stop, after the runner finished: the rest is the others' at once."""
        try:
            left = await self.inbox.release(self.name)
        except Exception as exc:  # then they are the others' when the leases run out
            log.warning("could not give back the stored updates (%s)", exc)
            return
        if left:
            log.info("%d stored updates left to the other replicas", left)
