"""Broadcasts: what an admin composed, for whom, and where it stands. Each recipient's copy is
a row of the outbound queue (kind 'broadcast', ref the broadcast id)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storage import unit as uow
from storage.engine import Database, Statement, now

KIND = "broadcast"


@dataclass(frozen=True)
class Broadcast:
    id: int
    admin_id: int
    audience: str  # "all" or a locale
    versions: dict[str, list[str]]  # locale -> [Bot API method, its parameters as JSON]
    state: str  # draft | scheduled | running | paused | cancelled | done
    not_before: int | None
    total: int
    progress_chat: int | None
    progress_message: int | None
    created_at: int
    started_at: int | None
    finished_at: int | None


_COLUMNS = ("id, admin_id, audience, versions, state, not_before, total, progress_chat,"
            " progress_message, created_at, started_at, finished_at")


class BroadcastsRepo:
    """The composed versions are sealed like everything else people wrote."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _broadcast(self, row: Sequence[Any] | None) -> Broadcast | None:
        if row is None:
            return None
        return Broadcast(row[0], row[1], row[2], json.loads(self.db.sealer.open(row[3])),
                         *row[4:])

    async def create(self, admin_id: int, audience: str,
                     versions: dict[str, list[str]]) -> int:
        async with self.db.transaction() as tx:  # RETURNING: another replica may insert too
            row = await tx.fetchone(
                "INSERT INTO broadcasts (admin_id, audience, versions, created_at)"
                " VALUES (?, ?, ?, ?) RETURNING id",
                (admin_id, audience, self.db.sealer.seal(json.dumps(versions)), now()))
        assert row is not None
        return int(row[0])

    async def get(self, broadcast_id: int) -> Broadcast | None:
        await uow.read_your_writes()
        return self._broadcast(await self.db.fetchone(
            f"SELECT {_COLUMNS} FROM broadcasts WHERE id = ?", (broadcast_id,)))

    async def recent(self, limit: int = 10) -> list[Broadcast]:
        rows = await self.db.fetchall(
            f"SELECT {_COLUMNS} FROM broadcasts WHERE state <> 'draft' ORDER BY id DESC"
            " LIMIT ?", (limit,))
        return [b for r in rows if (b := self._broadcast(r)) is not None]

    async def due(self) -> list[Broadcast]:
        rows = await self.db.fetchall(
            f"SELECT {_COLUMNS} FROM broadcasts WHERE state = 'scheduled' AND not_before <= ?",
            (now(),))
        return [b for r in rows if (b := self._broadcast(r)) is not None]

    async def running(self) -> list[Broadcast]:
        rows = await self.db.fetchall(
            f"SELECT {_COLUMNS} FROM broadcasts WHERE state IN ('running', 'paused')")
        return [b for r in rows if (b := self._broadcast(r)) is not None]

    async def start(self, broadcast_id: int, total: int, rows: Sequence[Statement]) -> bool:
        """Running from now, with one outbox row per recipient, in one transaction; False if it
        was started already (a repeated press or update)."""
        async with self.db.transaction() as tx:
            changed = await tx.execute(
                "UPDATE broadcasts SET state = 'running', total = ?, started_at = ?"
                " WHERE id = ? AND state IN ('draft', 'scheduled')",
                (total, now(), broadcast_id))
            if changed:
                for sql, params in rows:
                    await tx.execute(sql, params)
        return bool(changed)

    async def schedule(self, broadcast_id: int, at: int) -> None:
        await uow.write(self.db, "UPDATE broadcasts SET state = 'scheduled', not_before = ?"
                        " WHERE id = ? AND state IN ('draft', 'scheduled')", (at, broadcast_id))

    async def set_state(self, broadcast_id: int, state: str, rows_from: str | None = None,
                        rows_to: str | None = None) -> None:
        """The broadcast's state, and its waiting outbox rows moved from one state to another
        (pause: queued → paused; resume: back; cancel: → cancelled)."""
        finished = now() if state in ("cancelled", "done") else None
        await uow.write(self.db, "UPDATE broadcasts SET state = ?, finished_at ="
                        " COALESCE(?, finished_at) WHERE id = ?",
                        (state, finished, broadcast_id))
        if rows_from and rows_to:
            ended = rows_to == "cancelled"  # a cancelled row keeps no contents, and is purged
            await uow.write(
                self.db, "UPDATE outbox SET state = ?, payload = CASE WHEN ? = 1 THEN '' ELSE"
                " payload END, done_at = CASE WHEN ? = 1 THEN ? ELSE done_at END WHERE kind = ?"
                " AND ref = ? AND state = ?",
                (rows_to, int(ended), int(ended), now(), KIND, str(broadcast_id), rows_from))

    async def set_progress_message(self, broadcast_id: int, chat_id: int,
                                   message_id: int) -> None:
        await uow.write(self.db, "UPDATE broadcasts SET progress_chat = ?,"
                        " progress_message = ? WHERE id = ?", (chat_id, message_id, broadcast_id))

    async def figures(self, broadcast_id: int) -> dict[str, int]:
        """Recipients by outcome: sent, failed, queued (incl. being sent), paused, cancelled."""
        rows = await self.db.fetchall(
            "SELECT state, COUNT(*) FROM outbox WHERE kind = ? AND ref = ? GROUP BY state",
            (KIND, str(broadcast_id)))
        return {r[0]: int(r[1]) for r in rows}
