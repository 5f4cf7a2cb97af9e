"""The durable outbound queue: one row per message to place, sent by a worker under limits.

A private chat's row is keyed by the chat's keyed id (storage.ids: per-chat order and a paused
contact still find it) and holds the chat id sealed (`chat`), opened when the row is sent; a
group's id is kept as it is."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from storage import unit as uow
from storage.contact import NOT_PAUSED
from storage.engine import Database, Statement, now, now_ms

_COLUMNS = "id, chat_id, method, payload, kind, ref, attempts, meta, chat"
FINISHED_KEPT_FOR = 48 * 3600  # callers read an outcome (message id, reason) within this window
LEASE_MS = 15_000  # a claimed row is another replica's to take after this (migration 0011);
# renewed just before its request goes out (`renew`), so a wait for the budget may outlast it
_UNLEASED = "lease_until = NULL, leased_by = NULL"
# Due, and the oldest unfinished row of its chat: across replicas a chat's messages still go
# one at a time and in order (one replica would otherwise send the next while another sends
# the one before it).
# A chat whose person paused contact (a quick exit, "not now") gets nothing until they resume.
_CLAIMABLE = ("state = 'queued' AND not_before <= ? AND NOT EXISTS (SELECT 1 FROM outbox"
              " AS earlier WHERE earlier.chat_id = outbox.chat_id AND earlier.id < outbox.id"
              f" AND earlier.state IN ('queued', 'sending')) AND {NOT_PAUSED}")


@dataclass(frozen=True)
class Outgoing:
    id: int
    chat_id: int
    method: str  # Bot API method name, e.g. "sendMessage"
    payload: str  # its parameters, JSON
    kind: str  # who queued it: "defenders", "reminder", "broadcast", ...
    ref: str | None  # the caller's reference (a case, a broadcast)
    attempts: int
    meta: str | None  # what the row is for, for the caller's hooks (JSON)


@dataclass(frozen=True)
class Outcome:
    state: str  # queued | sent | failed
    reason: str | None
    message_id: int | None


class OutboxRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def insert(self, chat_id: int, method: str, payload: str, *, kind: str,
               ref: str | None = None, meta: str | None = None,
               not_before_ms: int | None = None) -> Statement:
        """The payload is sealed: it may hold what a person wrote (a case summary)."""
        sealer = self.db.sealer
        return ("INSERT INTO outbox (chat_id, chat, method, payload, kind, ref, meta,"
                " not_before, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (sealer.keyed_id(chat_id), sealer.seal_id(chat_id) if chat_id > 0 else None,
                 method, sealer.seal(payload), kind, ref, meta, not_before_ms or now_ms(),
                 now()))

    async def enqueue(self, chat_id: int, method: str, payload: str, *, kind: str,
                      ref: str | None = None, meta: str | None = None,
                      not_before_ms: int | None = None) -> None:
        """Queue one message; joins the current unit of work, so it is queued if and only if
        the update that queued it is done."""
        await uow.write(self.db, *self.insert(chat_id, method, payload, kind=kind, ref=ref,
                                              meta=meta, not_before_ms=not_before_ms))

    async def queued(self, kind: str, ref: str) -> list[Outgoing]:
        """Rows of this kind and reference not sent yet, oldest first."""
        await uow.read_your_writes()
        rows = await self.db.fetchall(
            f"SELECT {_COLUMNS} FROM outbox WHERE kind = ? AND ref = ? AND state = 'queued'"
            " ORDER BY id", (kind, ref))
        return [self._row(r) for r in rows]

    async def head(self, chat_id: int) -> Outgoing | None:
        """The chat's row being sent now or next: a chat's rows go one at a time, in order."""
        row = await self.db.fetchone(
            f"SELECT {_COLUMNS} FROM outbox WHERE chat_id = ? AND state IN ('queued', 'sending')"
            " ORDER BY id LIMIT 1", (self.db.sealer.keyed_id(chat_id),))
        return self._row(row) if row else None

    def _row(self, row: tuple[Any, ...]) -> Outgoing:
        chat_id = self.db.sealer.open_id(row[8]) if row[8] is not None else row[1]
        return Outgoing(row[0], chat_id, row[2], self.db.sealer.open(row[3]), *row[4:8])

    async def replace_payload(self, row_id: int, payload: str, meta: str | None) -> None:
        """Change a row still queued (e.g. one more photo for an album being collected)."""
        await uow.write(self.db, "UPDATE outbox SET payload = ?, meta = ? WHERE id = ? AND"
                        " state = 'queued'", (self.db.sealer.seal(payload), meta, row_id))

    async def cancel(self, kind: str, ref: str) -> None:
        """Rows of this kind and reference not sent yet are not to be sent (joins the current
        unit of work)."""
        await uow.write(self.db, "DELETE FROM outbox WHERE kind = ? AND ref = ? AND"
                        " state = 'queued'", (kind, ref))

    async def redirect(self, row_ids: Sequence[int], chat_id: int, not_before_ms: int) -> None:
        """Rows not sent yet go to another group, not before `not_before_ms` (after what is
        queued for it now: a case handed to another organisation). Joins the unit of work."""
        for row_id in row_ids:
            await uow.write(self.db, "UPDATE outbox SET chat_id = ?, not_before = ? WHERE id = ?"
                            " AND state = 'queued'",
                            (self.db.sealer.keyed_id(chat_id), not_before_ms, row_id))

    async def drop(self, row_ids: Sequence[int]) -> None:
        """Rows not sent yet are not to be sent. Joins the unit of work."""
        for row_id in row_ids:
            await uow.write(self.db, "DELETE FROM outbox WHERE id = ? AND state = 'queued'",
                            (row_id,))

    async def move_chat(self, old_chat_id: int, new_chat_id: int) -> int:
        """A group became a supergroup with a new id: what is queued for it follows."""
        return await self.db.execute(
            "UPDATE outbox SET chat_id = ? WHERE chat_id = ? AND state = 'queued'",
            (self.db.sealer.keyed_id(new_chat_id), self.db.sealer.keyed_id(old_chat_id)))

    async def due(self, limit: int, skip: Collection[int] = ()) -> list[Outgoing]:
        """Rows whose time has come, oldest first; `skip` are ids already being sent."""
        rows = await self.db.fetchall(
            f"SELECT {_COLUMNS} FROM outbox"
            f" WHERE state = 'queued' AND not_before <= ? AND {NOT_PAUSED} ORDER BY id LIMIT ?",
            (now_ms(), limit + len(skip)),
        )
        return [self._row(r) for r in rows if r[0] not in skip][:limit]

    async def claim(self, limit: int, owner: str, lease_ms: int = LEASE_MS) -> list[Outgoing]:
        """Rows whose time has come, oldest first, leased to `owner` (a replica) for
        `lease_ms`: another replica gets none of them until they are done or the lease runs out
        (its holder died mid-send). On PostgreSQL claimers never wait for each other (FOR
        UPDATE SKIP LOCKED); see Database.claim."""
        at = now_ms()
        rows = await self.db.claim(
            "outbox", "id", _COLUMNS.removeprefix("id, "), _CLAIMABLE, (at,), limit=limit,
            owner=owner, lease_until=at + lease_ms, now=at)
        return [self._row(r) for r in rows]

    async def renew(self, row_id: int, owner: str, lease_ms: int = LEASE_MS) -> bool:
        """Just before a claimed row's request goes out (it may have waited for the send
        budget): still `owner`'s, for `lease_ms` more? False: the lease ran out and another
        replica took the row, so do not send it."""
        return bool(await self.db.execute(
            "UPDATE outbox SET lease_until = ? WHERE id = ? AND leased_by = ?"
            " AND state = 'queued'", (now_ms() + lease_ms, row_id, owner)))

    async def take_due(self, limit: int, skip: Collection[int], owner: str) -> list[Outgoing]:
        """What the worker sends next. On a database several replicas may share (PostgreSQL)
        the rows are claimed, leased to `owner`, so no other replica sends them while this one
        lives (its own unsent rows stay its own); on SQLite, one process, they are read as
        `due` reads them."""
        if not self.db.shared:
            return await self.due(limit, skip)
        rows = await self.claim(limit + len(skip), owner)
        return [r for r in rows if r.id not in skip][:limit]

    async def sending(self, row_id: int) -> bool:
        """Committed before the request of an at-most-once row goes out (see settle_uncertain);
        False when the row is no longer queued (paused or cancelled meanwhile): do not send."""
        return bool(await self.db.execute(
            "UPDATE outbox SET state = 'sending' WHERE id = ? AND state = 'queued'", (row_id,)))

    async def settle_uncertain(self) -> int:
        """After a crash: rows that were being sent may or may not have reached Telegram; an
        at-most-once row is not sent again, but ends as 'uncertain'. A row another replica
        holds (its lease still runs) is that replica's to finish."""
        return await self.db.execute(
            "UPDATE outbox SET state = 'failed', reason = 'uncertain', payload = '', done_at = ?"
            " WHERE state = 'sending' AND (lease_until IS NULL OR lease_until < ?)",
            (now(), now_ms()))

    async def sent(self, row_id: int, message_id: int | None) -> None:
        """Joins the current unit of work: the outcome's own writes commit with it."""
        await uow.write(self.db,
            f"UPDATE outbox SET state = 'sent', message_id = ?, payload = '', done_at = ?,"
            f" {_UNLEASED} WHERE id = ?", (message_id, now(), row_id))

    async def failed(self, row_id: int, reason: str) -> None:
        await uow.write(self.db,
            f"UPDATE outbox SET state = 'failed', reason = ?, payload = '', done_at = ?,"
            f" {_UNLEASED} WHERE id = ?", (reason, now(), row_id))

    async def retry_at(self, row_id: int, not_before_ms: int, attempts: int) -> None:
        """Send the row again (Telegram answered: it was not delivered)."""
        await self.db.execute(
            f"UPDATE outbox SET state = 'queued', not_before = ?, attempts = ?, {_UNLEASED}"
            " WHERE id = ?", (not_before_ms, attempts, row_id))

    async def outcomes(self, kind: str, ref: str) -> list[Outcome]:
        rows = await self.db.fetchall(
            "SELECT state, reason, message_id FROM outbox WHERE kind = ? AND ref = ? ORDER BY id",
            (kind, ref))
        return [Outcome(*r) for r in rows]

    async def depth(self) -> int:
        """Rows waiting to go (not those held for a person who paused contact)."""
        row = await self.db.fetchone(
            f"SELECT COUNT(*) FROM outbox WHERE state = 'queued' AND {NOT_PAUSED}")
        return int(row[0]) if row else 0

    async def backlog(self) -> tuple[int, int | None]:
        """How many rows are queued (held ones too), and when the first was queued (None when
        none): for the metrics, an index walk each."""
        count = await self.db.fetchone("SELECT COUNT(*) FROM outbox WHERE state = 'queued'")
        first = await self.db.fetchone("SELECT created_at FROM outbox WHERE state = 'queued'"
                                       " ORDER BY id LIMIT 1")
        return (count[0] if count else 0), (first[0] if first else None)

    async def forget(self, chat_id: int) -> None:
        """Whatever was queued for or sent to this chat (joins the current unit of work)."""
        await uow.write(self.db, "DELETE FROM outbox WHERE chat_id = ?",
                        (self.db.sealer.keyed_id(chat_id),))

    async def purge_finished(self) -> int:
        return await self.db.execute(
            "DELETE FROM outbox WHERE state <> 'queued' AND done_at < ?",
            (now() - FINISHED_KEPT_FOR,))
