"""The topics a case had in the groups it left (0025; bot/handoff/transfer.py): closed there but
still holding what the person sent, so erasure and retention delete them too. Ids only."""

from __future__ import annotations

from storage import unit as uow
from storage.engine import Database


class FormerTopicsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def left(self, case_id: int, chat_id: int, topic_id: int) -> None:
        await uow.write(self.db, "INSERT INTO case_former_topics (case_id, chat_id, topic_id)"
                        " VALUES (?, ?, ?) ON CONFLICT DO NOTHING", (case_id, chat_id, topic_id))

    async def of(self, case_id: int) -> list[tuple[int, int]]:
        """(group, topic) of each topic the case had in groups it left."""
        await uow.read_your_writes()
        rows = await self.db.fetchall(
            "SELECT chat_id, topic_id FROM case_former_topics WHERE case_id = ?", (case_id,))
        return [(int(c), int(t)) for c, t in rows]

    async def erased(self, case_id: int) -> None:
        await uow.write(self.db, "DELETE FROM case_former_topics WHERE case_id = ?", (case_id,))
