"""Defenders' internal notes on a case (0023): who called whom, the next step. Sealed, as a
note may name people; they go with the case (storage.cases: retention and /forget)."""

from __future__ import annotations

from dataclasses import dataclass

from storage import unit as uow
from storage.engine import Database, now


@dataclass(frozen=True)
class Note:
    defender_id: int
    body: str
    at: int


class CaseNotesRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, case_id: int, defender_id: int, body: str) -> None:
        await uow.write(self.db, "INSERT INTO case_notes (case_id, defender_id, body, at)"
                        " VALUES (?, ?, ?, ?)",
                        (case_id, defender_id, self.db.sealer.seal(body), now()))

    async def latest(self, case_id: int, limit: int = 1) -> list[Note]:
        """The case's latest notes, newest first."""
        await uow.read_your_writes()
        rows = await self.db.fetchall(
            "SELECT defender_id, body, at FROM case_notes WHERE case_id = ?"
            " ORDER BY id DESC LIMIT ?", (case_id, limit))
        return [Note(int(r[0]), self.db.sealer.open(r[1]), int(r[2])) for r in rows]
