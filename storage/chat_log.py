"""Ids of the messages in private chats, so a quick exit can delete the whole conversation.

Telegram lets a bot delete messages in a private chat (its own and the person's) for 48 hours,
so only that window is kept.
"""

from __future__ import annotations

from storage.db import Database, now

DELETABLE_FOR = 48 * 3600


class ChatLogRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def remember(self, chat_id: int, message_id: int) -> None:
        await self.db.execute(
            "INSERT INTO chat_messages (chat_id, message_id, sent_at) VALUES (?, ?, ?)"
            " ON CONFLICT (chat_id, message_id) DO NOTHING",
            (chat_id, message_id, now()),
        )

    async def deletable(self, chat_id: int) -> list[int]:
        """Message ids still young enough to delete (a minute of margin for clock skew)."""
        rows = await self.db.fetchall(
            "SELECT message_id FROM chat_messages WHERE chat_id = ? AND sent_at > ?"
            " ORDER BY message_id",
            (chat_id, now() - DELETABLE_FOR + 60),
        )
        return [r["message_id"] for r in rows]

    async def clear(self, chat_id: int) -> None:
        await self.db.execute("DELETE FROM chat_messages WHERE chat_id = ?", (chat_id,))

    async def purge_expired(self) -> int:
        return await self.db.execute(
            "DELETE FROM chat_messages WHERE sent_at <= ?", (now() - DELETABLE_FOR,)
        )
