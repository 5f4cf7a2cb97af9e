"""Small named values the bot keeps for itself across restarts (`bot_state`): where polling
left off (storage.inbox), the key check (storage.engine), a group Telegram moved to a new id."""

from __future__ import annotations

from storage.engine import Database, Statement


class BotState:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, name: str) -> str | None:
        row = await self.db.fetchone("SELECT value FROM bot_state WHERE name = ?", (name,))
        return None if row is None else row[0]

    @staticmethod
    def setting(name: str, value: str) -> Statement:
        """The statement that stores `value` under `name` (replacing what was there)."""
        return ("INSERT INTO bot_state (name, value) VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value", (name, value))

    async def put(self, name: str, value: str) -> None:
        """Store `value` under `name` now, in its own transaction."""
        await self.db.run([self.setting(name, value)])
