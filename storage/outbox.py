"""The durable outbound queue: one row per message to place, sent by a worker under limits."""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass

from storage import unit as uow
from storage.db import Database, now

FINISHED_KEPT_FOR = 48 * 3600  # callers read an outcome (message id, reason) within this window


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass(frozen=True)
class Outgoing:
    id: int
    chat_id: int
    method: str  # Bot API method name, e.g. "sendMessage"
    payload: str  # its parameters, JSON
    kind: str  # who queued it: "defenders", "reminder", "broadcast", ...
    ref: str | None  # the caller's reference (a case, a broadcast)
    attempts: int


@dataclass(frozen=True)
class Outcome:
    state: str  # queued | sent | failed
    reason: str | None
    message_id: int | None


class OutboxRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def enqueue(self, chat_id: int, method: str, payload: str, *, kind: str,
                      ref: str | None = None, not_before_ms: int | None = None) -> None:
        """Queue one message; joins the current unit of work, so it is queued if and only if
        the update that queued it is done."""
        await uow.write(
            self.db,
            "INSERT INTO outbox (chat_id, method, payload, kind, ref, not_before, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (chat_id, method, payload, kind, ref, not_before_ms or now_ms(), now()),
        )

    async def due(self, limit: int, skip: Collection[int] = ()) -> list[Outgoing]:
        """Rows whose time has come, oldest first; `skip` are ids already being sent."""
        rows = await self.db.fetchall(
            "SELECT id, chat_id, method, payload, kind, ref, attempts FROM outbox"
            " WHERE state = 'queued' AND not_before <= ? ORDER BY id LIMIT ?",
            (now_ms(), limit + len(skip)),
        )
        return [Outgoing(*r) for r in rows if r[0] not in skip][:limit]

    async def next_due_ms(self) -> int | None:
        row = await self.db.fetchone(
            "SELECT MIN(not_before) FROM outbox WHERE state = 'queued'")
        return row[0] if row else None

    async def sent(self, row_id: int, message_id: int | None) -> None:
        await self.db.execute(
            "UPDATE outbox SET state = 'sent', message_id = ?, payload = '', done_at = ?"
            " WHERE id = ?", (message_id, now(), row_id))

    async def failed(self, row_id: int, reason: str) -> None:
        await self.db.execute(
            "UPDATE outbox SET state = 'failed', reason = ?, payload = '', done_at = ?"
            " WHERE id = ?", (reason, now(), row_id))

    async def retry_at(self, row_id: int, not_before_ms: int, attempts: int) -> None:
        await self.db.execute(
            "UPDATE outbox SET not_before = ?, attempts = ? WHERE id = ?",
            (not_before_ms, attempts, row_id))

    async def outcomes(self, kind: str, ref: str) -> list[Outcome]:
        rows = await self.db.fetchall(
            "SELECT state, reason, message_id FROM outbox WHERE kind = ? AND ref = ? ORDER BY id",
            (kind, ref))
        return [Outcome(*r) for r in rows]

    async def depth(self) -> int:
        row = await self.db.fetchone("SELECT COUNT(*) FROM outbox WHERE state = 'queued'")
        return int(row[0]) if row else 0

    async def forget(self, chat_id: int) -> None:
        """Whatever was queued for or sent to this chat (joins the current unit of work)."""
        await uow.write(self.db, "DELETE FROM outbox WHERE chat_id = ?", (chat_id,))

    async def purge_finished(self) -> int:
        return await self.db.execute(
            "DELETE FROM outbox WHERE state <> 'queued' AND done_at < ?",
            (now() - FINISHED_KEPT_FOR,))
