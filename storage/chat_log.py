"""Ids of the messages in private chats, so a quick exit can delete the whole conversation.

Telegram lets a bot delete messages in a private chat (its own and the person's) for 48 hours,
so only that window is kept. Ids only, never contents, and the chat's id keyed (storage.ids).
When an id leaves the log while its message is still in the chat (too old to delete), the chat
is marked in `chat_undeletable`, so quick exit can say plainly that older messages are left and
how to remove them.
"""

from __future__ import annotations

from storage import unit as uow
from storage.engine import Database, now

DELETABLE_FOR = 48 * 3600
_REMEMBER = ("INSERT INTO chat_messages (chat_id, message_id, sent_at) VALUES (?, ?, ?)"
             " ON CONFLICT (chat_id, message_id) DO NOTHING")


class ChatLogRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def remember(self, chat_id: int, message_ids: list[int] | int) -> None:
        ids = [message_ids] if isinstance(message_ids, int) else message_ids
        at, chat = now(), self.db.sealer.keyed_id(chat_id)
        for message_id in ids:
            await uow.write(self.db, _REMEMBER, (chat, message_id, at))

    async def deletable(self, chat_id: int) -> list[int]:
        """Message ids still young enough to delete (a minute of margin for clock skew)."""
        await uow.read_your_writes()  # the /exit message itself was logged in this update
        rows = await self.db.fetchall(
            "SELECT message_id FROM chat_messages WHERE chat_id = ? AND sent_at > ?"
            " ORDER BY message_id",
            (self.db.sealer.keyed_id(chat_id), now() - DELETABLE_FOR + 60),
        )
        return [r[0] for r in rows]

    async def older_remain(self, chat_id: int) -> bool:
        """Whether the chat holds messages the bot can no longer delete (older than 48 hours):
        marked earlier, or an id still logged but past the window."""
        await uow.read_your_writes()
        row = await self.db.fetchone(
            "SELECT EXISTS (SELECT 1 FROM chat_undeletable WHERE chat_id = ?)"
            " OR EXISTS (SELECT 1 FROM chat_messages WHERE chat_id = ? AND sent_at <= ?)",
            (*(self.db.sealer.keyed_id(chat_id),) * 2, now() - DELETABLE_FOR + 60),
        )
        return bool(row and row[0])

    async def clear(self, chat_id: int) -> None:
        """Forget the chat's ids (quick exit deleted what it could); the mark that older
        messages are left stays, since they are still on the phone."""
        chat = self.db.sealer.keyed_id(chat_id)
        await uow.write(self.db, _MARK_OLD + " AND chat_id = ?" + _MARK_KEEP,
                        (now() - DELETABLE_FOR + 60, chat))
        await uow.write(self.db, "DELETE FROM chat_messages WHERE chat_id = ?", (chat,))

    async def forget(self, chat_id: int) -> None:
        """Everything about this chat, the mark too (/forget)."""
        chat = self.db.sealer.keyed_id(chat_id)
        await uow.write(self.db, "DELETE FROM chat_messages WHERE chat_id = ?", (chat,))
        await uow.write(self.db, "DELETE FROM chat_undeletable WHERE chat_id = ?", (chat,))

    async def purge_expired(self) -> int:
        """Drop the ids too old to delete, marking their chats in the same transaction."""
        cutoff = now() - DELETABLE_FOR
        changed = await self.db.run([(_MARK_OLD + _MARK_KEEP, (cutoff,)),
                                     ("DELETE FROM chat_messages WHERE sent_at <= ?", (cutoff,))])
        return changed[1]


_MARK_OLD = ("INSERT INTO chat_undeletable (chat_id)"
             " SELECT DISTINCT chat_id FROM chat_messages WHERE sent_at <= ?")
_MARK_KEEP = " ON CONFLICT (chat_id) DO NOTHING"
