"""aiogram FSM storage on our database: dialogs survive a restart. Data is JSON, never pickle."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey

from storage.db import Database, now


def _key(key: StorageKey) -> tuple[int, int, int, int, str]:
    return (key.bot_id, key.chat_id, key.user_id, key.thread_id or 0, key.destiny)


_UPSERT = (
    "INSERT INTO fsm_state (bot_id, chat_id, user_id, thread_id, destiny, {col}, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (bot_id, chat_id, user_id, thread_id, destiny)"
    " DO UPDATE SET {col} = excluded.{col}, updated_at = excluded.updated_at"
)
_WHERE = "bot_id = ? AND chat_id = ? AND user_id = ? AND thread_id = ? AND destiny = ?"


class SQLStorage(BaseStorage):
    def __init__(self, db: Database) -> None:
        self.db = db

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self.db.execute(_UPSERT.format(col="state"), (*_key(key), value, now()))

    async def get_state(self, key: StorageKey) -> str | None:
        row = await self.db.fetchone(f"SELECT state FROM fsm_state WHERE {_WHERE}", _key(key))
        return row["state"] if row else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        payload = json.dumps(dict(data), ensure_ascii=False, separators=(",", ":"))
        await self.db.execute(_UPSERT.format(col="data"), (*_key(key), payload, now()))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        row = await self.db.fetchone(f"SELECT data FROM fsm_state WHERE {_WHERE}", _key(key))
        return json.loads(row["data"]) if row else {}

    async def close(self) -> None:
        """The database is closed by its owner (the app), not by the dispatcher."""
