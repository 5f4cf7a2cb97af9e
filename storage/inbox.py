"""The durable inbox: updates as Telegram sent them, stored before they are acknowledged.
Payloads are sealed (they hold what people wrote) and deleted once handled."""

from __future__ import annotations

import time
from collections.abc import Sequence

from storage.db import Database, Statement, now

REJECTED_KEPT_FOR = 7 * 86400
LEASE_MS = 60_000  # a claimed update is another replica's to take after this (migration 0011)
SEEN_KEPT_FOR = 2 * 86400  # Telegram gives up on an undelivered update after 24 hours
_OFFSET = "polling_offset"


class InboxRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def store(self, updates: Sequence[tuple[int, str]], next_offset: int) -> None:
        """One batch and the offset that acknowledges it, in one transaction."""
        at, seal = now(), self.db.sealer.seal
        statements: list[Statement] = [
            ("INSERT INTO inbox (update_id, payload, received_at) VALUES (?, ?, ?)"
             " ON CONFLICT (update_id) DO NOTHING", (update_id, seal(payload), at))
            for update_id, payload in updates
        ]
        statements.append(
            ("INSERT INTO bot_state (name, value) VALUES (?, ?)"
             " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
             (_OFFSET, str(next_offset))))
        await self.db.run(statements)

    async def store_once(self, update_id: int, payload: str) -> bool:
        """One update from the webhook, unless this id was taken in before (Telegram sends an
        update again when our 200 did not reach it). True if stored now; committed on return."""
        at = now()
        stored, _ = await self.db.run([
            ("INSERT INTO inbox (update_id, payload, received_at) SELECT ?, ?, ?"
             " WHERE NOT EXISTS (SELECT 1 FROM webhook_seen WHERE update_id = ?)"
             " ON CONFLICT (update_id) DO NOTHING",
             (update_id, self.db.sealer.seal(payload), at, update_id)),
            ("INSERT INTO webhook_seen (update_id, received_at) VALUES (?, ?)"
             " ON CONFLICT (update_id) DO NOTHING", (update_id, at)),
        ])
        return stored == 1

    async def purge_seen(self) -> int:
        return await self.db.execute("DELETE FROM webhook_seen WHERE received_at < ?",
                                     (now() - SEEN_KEPT_FOR,))

    async def offset(self) -> int | None:
        row = await self.db.fetchone("SELECT value FROM bot_state WHERE name = ?", (_OFFSET,))
        return int(row[0]) if row else None

    async def pending(self) -> list[tuple[int, str]]:
        """Updates stored but not yet handled, oldest first (after a crash or a restart)."""
        rows = await self.db.fetchall(
            "SELECT update_id, payload FROM inbox WHERE state = 'pending' ORDER BY update_id")
        return [(r[0], self.db.sealer.open(r[1])) for r in rows]

    async def claim(self, limit: int, owner: str, lease_ms: int = LEASE_MS,
                    ) -> list[tuple[int, str]]:
        """Pending updates, oldest first, leased to `owner` (a replica) for `lease_ms`, so two
        replicas never handle the same update; a replica that dies leaves its rows to the
        others once the lease runs out. See Database.claim."""
        at = int(time.time() * 1000)
        rows = await self.db.claim("inbox", "update_id", "payload", "state = 'pending'", (),
                                   limit=limit, owner=owner, lease_until=at + lease_ms, now=at)
        return [(r[0], self.db.sealer.open(r[1])) for r in rows]

    @staticmethod
    def done(update_id: int) -> Statement:
        """The statement that ends a row; it joins the handler's unit of work."""
        return ("DELETE FROM inbox WHERE update_id = ?", (update_id,))

    async def finish(self, update_id: int) -> None:
        await self.db.run([self.done(update_id)])

    async def reject(self, update_id: int) -> None:
        await self.db.execute("UPDATE inbox SET state = 'rejected' WHERE update_id = ?",
                              (update_id,))

    async def purge_rejected(self) -> int:
        return await self.db.execute(
            "DELETE FROM inbox WHERE state = 'rejected' AND received_at < ?",
            (now() - REJECTED_KEPT_FOR,))
