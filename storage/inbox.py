"""The durable inbox: updates as Telegram sent them, stored before they are acknowledged.
Payloads are sealed (they hold what people wrote) and deleted once handled."""

from __future__ import annotations

from collections.abc import Sequence

from storage.bot_state import BotState
from storage.engine import Database, Statement, now, now_ms

REJECTED_KEPT_FOR = 7 * 86400
# A replica renews the leases of the updates in its hands every LEASE_MS / 4; the updates of a
# replica that died go to another once their lease runs out (migrations 0011 and 0013).
LEASE_MS = 10_000
SEEN_KEPT_FOR = 2 * 86400  # Telegram gives up on an undelivered update after 24 hours
_OFFSET = "polling_offset"


class InboxRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def store(self, updates: Sequence[tuple[int, str] | tuple[int, str, str | None]],
                    next_offset: int, *, owner: str | None = None) -> None:
        """One batch and the offset that acknowledges it, in one transaction. Each update is
        (id, payload[, person]): `person` is a keyed hash of whose it is (see `earlier`);
        `owner`, a replica's name, takes the rows leased to it."""
        statements: list[Statement] = [self._insert(update_id, payload, *person, owner=owner)
                                       for update_id, payload, *person in updates]
        statements.append(BotState.setting(_OFFSET, str(next_offset)))
        await self.db.run(statements, quick=True, disjoint=True)  # distinct rows, none read

    def _insert(self, update_id: int, payload: str, person: str | None = None, *,
                owner: str | None, unless_seen: bool = False) -> Statement:
        until = now_ms() + LEASE_MS if owner else None
        values = (update_id, self.db.sealer.seal(payload), now(), person, until, owner)
        if not unless_seen:
            return ("INSERT INTO inbox (update_id, payload, received_at, person, lease_until,"
                    " leased_by) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (update_id) DO NOTHING",
                    values)
        return ("INSERT INTO inbox (update_id, payload, received_at, person, lease_until,"
                " leased_by) SELECT ?, ?, ?, ?, ?, ?"
                " WHERE NOT EXISTS (SELECT 1 FROM webhook_seen WHERE update_id = ?)"
                " ON CONFLICT (update_id) DO NOTHING", (*values, update_id))

    async def store_once(self, update_id: int, payload: str, person: str | None = None, *,
                         owner: str | None = None) -> bool:
        """One update from the webhook, unless this id was taken in before (Telegram sends an
        update again when our 200 did not reach it). True if stored now; committed on return."""
        stored, _ = await self.db.run([
            self._insert(update_id, payload, person, owner=owner, unless_seen=True),
            ("INSERT INTO webhook_seen (update_id, received_at) VALUES (?, ?)"
             " ON CONFLICT (update_id) DO NOTHING", (update_id, now())),
        ], quick=True, disjoint=True)  # the first reads webhook_seen as it was before both
        return stored == 1

    async def purge_seen(self) -> int:
        return await self.db.execute("DELETE FROM webhook_seen WHERE received_at < ?",
                                     (now() - SEEN_KEPT_FOR,))

    async def offset(self) -> int | None:
        value = await BotState(self.db).get(_OFFSET)
        return None if value is None else int(value)

    async def backlog(self) -> tuple[int, int | None]:
        """How many updates wait to be handled, and when the oldest was received (None when
        none): for the metrics, an index walk each."""
        count = await self.db.fetchone("SELECT COUNT(*) FROM inbox WHERE state = 'pending'")
        oldest = await self.db.fetchone("SELECT received_at FROM inbox WHERE state = 'pending'"
                                        " ORDER BY update_id LIMIT 1")
        return (count[0] if count else 0), (oldest[0] if oldest else None)

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
        at = now_ms()
        rows = await self.db.claim("inbox", "update_id", "payload", "state = 'pending'", (),
                                   limit=limit, owner=owner, lease_until=at + lease_ms, now=at)
        return [(r[0], self.db.sealer.open(r[1])) for r in rows]

    async def renew(self, owner: str, lease_ms: int = LEASE_MS) -> int:
        """Every update `owner` holds stays its own for `lease_ms` more (one statement)."""
        return await self.db.execute(
            "UPDATE inbox SET lease_until = ? WHERE leased_by = ? AND state = 'pending'",
            (now_ms() + lease_ms, owner))

    async def release(self, owner: str) -> int:
        """At a clean stop: what `owner` did not finish is free for the others at once."""
        return await self.db.execute(
            "UPDATE inbox SET lease_until = NULL, leased_by = NULL"
            " WHERE leased_by = ? AND state = 'pending'", (owner,))

    async def earlier(self, person: str, update_id: int) -> list[tuple[int, str]]:
        """This person's updates still pending up to `update_id` (included), oldest first,
        whichever replica took them in: handled in this order under the person's lock, so an
        update that arrived at another replica first is not overtaken."""
        rows = await self.db.fetchall(  # the update itself even if stored untagged
            "SELECT update_id, payload FROM inbox WHERE state = 'pending'"
            " AND (person = ? AND update_id <= ? OR update_id = ?) ORDER BY update_id",
            (person, update_id, update_id))
        return [(r[0], self.db.sealer.open(r[1])) for r in rows]

    @staticmethod
    def done(update_id: int) -> Statement:
        """The statement that ends a row; it joins the handler's unit of work."""
        return ("DELETE FROM inbox WHERE update_id = ?", (update_id,))

    async def finish(self, update_id: int) -> None:
        await self.db.run([self.done(update_id)], quick=True)

    async def reject(self, update_id: int) -> None:
        await self.db.execute("UPDATE inbox SET state = 'rejected' WHERE update_id = ?",
                              (update_id,))

    async def purge_rejected(self) -> int:
        return await self.db.execute(
            "DELETE FROM inbox WHERE state = 'rejected' AND received_at < ?",
            (now() - REJECTED_KEPT_FOR,))
