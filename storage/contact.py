"""How and when a person may be reached (migration 0015): a pause after a quick exit or "not
now" (what is queued for them waits in the outbox), sound, and safe hours. Rows are keyed by
the chat's keyed id (storage.ids), as the outbox's rows are."""

from __future__ import annotations

from dataclasses import dataclass

from storage import unit as uow
from storage.engine import Database, now

# The outbox sends nothing to a chat whose contact is paused (storage/outbox.py).
NOT_PAUSED = ("NOT EXISTS (SELECT 1 FROM contact WHERE contact.chat_id = outbox.chat_id"
              " AND contact.paused_at IS NOT NULL)")


@dataclass(frozen=True)
class Contact:
    chat_id: int
    paused_at: int | None = None
    paused_by: str | None = None  # "exit" (quick exit) or "not_now" (a press on a message)
    held_told: bool = False
    sound: bool = False
    safe_from: int | None = None  # minutes after midnight, Kazakhstan time
    safe_to: int | None = None

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    @property
    def safe_hours(self) -> tuple[int, int] | None:
        if self.safe_from is None or self.safe_to is None:
            return None
        return self.safe_from, self.safe_to


_COLUMNS = "chat_id, paused_at, paused_by, held_told, sound, safe_from, safe_to"
_UPSERT = ("INSERT INTO contact (chat_id) VALUES (?) ON CONFLICT (chat_id) DO NOTHING")


class ContactRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, chat_id: int) -> Contact:
        await uow.read_your_writes()
        row = await self.db.fetchone(f"SELECT {_COLUMNS} FROM contact WHERE chat_id = ?",
                                     (self.db.sealer.keyed_id(chat_id),))
        if row is None:
            return Contact(chat_id)
        return Contact(chat_id, row[1], row[2], bool(row[3]), bool(row[4]), row[5], row[6])

    async def _set(self, chat_id: int, sql: str, params: tuple[object, ...]) -> None:
        chat = self.db.sealer.keyed_id(chat_id)
        await uow.write(self.db, _UPSERT, (chat,))
        await uow.write(self.db, f"UPDATE contact SET {sql} WHERE chat_id = ?", (*params, chat))

    async def pause(self, chat_id: int, by: str) -> bool:
        """Pause; False when it already was (the first cause is kept)."""
        if (await self.get(chat_id)).paused:
            return False
        await self._set(chat_id, "paused_at = ?, paused_by = ?, held_told = 0", (now(), by))
        return True

    async def resume(self, chat_id: int) -> None:
        await self._set(chat_id, "paused_at = NULL, paused_by = NULL, held_told = 0", ())

    async def told_held(self, chat_id: int) -> None:
        await self._set(chat_id, "held_told = 1", ())

    async def set_sound(self, chat_id: int, sound: bool) -> None:
        await self._set(chat_id, "sound = ?", (int(sound),))

    async def set_safe_hours(self, chat_id: int, hours: tuple[int, int] | None) -> None:
        start, end = hours if hours else (None, None)
        await self._set(chat_id, "safe_from = ?, safe_to = ?", (start, end))

    async def held(self, chat_id: int) -> int:
        """How many messages wait for this chat."""
        await uow.read_your_writes()
        row = await self.db.fetchone(
            "SELECT COUNT(*) FROM outbox WHERE chat_id = ? AND state = 'queued'",
            (self.db.sealer.keyed_id(chat_id),))
        return int(row[0]) if row else 0

    async def drop_held(self, chat_id: int) -> int:
        """The person chose not to receive what waits: it is deleted unsent."""
        count = await self.held(chat_id)
        await uow.write(self.db, "DELETE FROM outbox WHERE chat_id = ? AND state = 'queued'",
                        (self.db.sealer.keyed_id(chat_id),))
        return count

    async def forget(self, chat_id: int) -> None:
        await uow.write(self.db, "DELETE FROM contact WHERE chat_id = ?",
                        (self.db.sealer.keyed_id(chat_id),))
