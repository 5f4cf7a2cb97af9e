"""Ids of the messages in private chats, so a quick exit can delete the whole conversation.

Telegram lets a bot delete messages in a private chat (its own and the person's) for 48 hours,
so only that window is kept. Ids only, never contents.
"""

from __future__ import annotations

from storage import unit as uow
from storage.db import Database, now

DELETABLE_FOR = 48 * 3600
_REMEMBER = ("INSERT INTO chat_messages (chat_id, message_id, sent_at) VALUES (?, ?, ?)"
             " ON CONFLICT (chat_id, message_id) DO NOTHING")


class ChatLogRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def remember(self, chat_id: int, message_ids: list[int] | int) -> None:
        ids = [message_ids] if isinstance(message_ids, int) else message_ids
        at = now()
        for message_id in ids:
            await uow.write(self.db, _REMEMBER, (chat_id, message_id, at))

    async def deletable(self, chat_id: int) -> list[int]:
        """Message ids still young enough to delete (a minute of margin for clock skew)."""
        await uow.read_your_writes()  # the /exit message itself was logged in this update
        rows = await self.db.fetchall(
            "SELECT message_id FROM chat_messages WHERE chat_id = ? AND sent_at > ?"
            " ORDER BY message_id",
            (chat_id, now() - DELETABLE_FOR + 60),
        )
        return [r[0] for r in rows]

    async def clear(self, chat_id: int) -> None:
        await uow.write(self.db, "DELETE FROM chat_messages WHERE chat_id = ?", (chat_id,))

    async def purge_expired(self) -> int:
        return await self.db.execute(
            "DELETE FROM chat_messages WHERE sent_at <= ?", (now() - DELETABLE_FOR,)
        )
