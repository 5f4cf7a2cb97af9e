"""People: the language each person chose, and erasing everything stored about a person."""

from __future__ import annotations

from storage.db import Database, now


class PeopleRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def locale(self, user_id: int) -> str | None:
        row = await self.db.fetchone("SELECT locale FROM people WHERE user_id = ?", (user_id,))
        return row["locale"] if row else None

    async def set_locale(self, user_id: int, locale: str) -> None:
        await self.db.execute(
            "INSERT INTO people (user_id, locale, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET locale = excluded.locale",
            (user_id, locale, now()),
        )

    async def forget(self, user_id: int) -> None:
        """Delete every row that names this person. New tables holding a person's id belong here
        (tests/test_storage.py checks that no table with such a column is left out)."""
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM fsm_state WHERE user_id = ? OR chat_id = ?",
                               (user_id, user_id))
            await conn.execute("DELETE FROM chat_messages WHERE chat_id = ?", (user_id,))
            await conn.execute("DELETE FROM people WHERE user_id = ?", (user_id,))
