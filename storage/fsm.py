"""aiogram FSM storage on our database: dialogs survive a restart. Data is JSON, never pickle,
and sealed in the database (storage.crypto).

A bounded write-through cache answers the reads aiogram makes on every update (state, then data)
without a trip to the database; changes join the update's unit of work and reach the database as
one upsert per dialog, whatever the handler changed and how often. A dialog back at its empty
state is deleted rather than kept. The cache is only correct while this process is the sole
writer of the table (the default, single-process deployment).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey

from storage import unit as uow
from storage.crypto import Sealer
from storage.engine import Database, Statement, now

Key = tuple[int, int, int, int, str]
EMPTY = "{}"

_UPSERT = (
    "INSERT INTO fsm_state (bot_id, chat_id, user_id, thread_id, destiny, state, data,"
    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (bot_id, chat_id, user_id, thread_id, destiny)"
    " DO UPDATE SET state = excluded.state, data = excluded.data,"
    " updated_at = excluded.updated_at"
)
_WHERE = "bot_id = ? AND chat_id = ? AND user_id = ? AND thread_id = ? AND destiny = ?"


class Dialogs(Protocol):
    """Where dialogs are kept (this database, or Redis for replicas: storage.redis_fsm): an
    aiogram storage that can also erase a person and drop untouched dialogs."""

    async def forget(self, user_id: int) -> None: ...

    async def purge_untouched(self, days: int) -> int: ...

    async def private_dialog(self, user_id: int) -> tuple[str | None, dict[str, Any]] | None:
        """The state and data of the person's dialog in their own chat (for /mydata)."""


@dataclass
class Dialog:
    state: str | None
    data: str  # JSON
    updated_at: int


def _key(key: StorageKey) -> Key:
    return (key.bot_id, key.chat_id, key.user_id, key.thread_id or 0, key.destiny)


def _stored(k: Key, sealer: Sealer) -> Key:
    """The key as stored: the person's id and a private chat's id keyed (storage.ids); the
    cache keeps the ids themselves."""
    bot_id, chat_id, user_id, thread_id, destiny = k
    return (bot_id, sealer.keyed_id(chat_id), sealer.keyed_id(user_id), thread_id, destiny)


class SQLStorage(BaseStorage):
    def __init__(self, db: Database, cache_size: int = 20_000) -> None:
        self.db = db
        self.cache_size = cache_size
        self._cache: OrderedDict[Key, Dialog] = OrderedDict()

    # -- aiogram's storage interface --------------------------------------------------------
    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._dialog(_key(key))).state

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((await self._dialog(_key(key))).data)
        return data

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        k = _key(key)
        await self._change(k, value, (await self._dialog(k)).data)

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        k = _key(key)
        payload = json.dumps(dict(data), ensure_ascii=False, separators=(",", ":"))
        await self._change(k, (await self._dialog(k)).state, payload)

    async def close(self) -> None:
        """The database is closed by its owner (the app), not by the dispatcher."""

    # -- erasure and retention ---------------------------------------------------------------
    async def forget(self, user_id: int) -> None:
        """Every dialog of this person, in the database and in the cache."""
        keyed = self.db.sealer.keyed_id(user_id)
        await uow.write(self.db, "DELETE FROM fsm_state WHERE user_id = ? OR chat_id = ?",
                        (keyed, keyed))
        for k in [k for k in self._cache if user_id in (k[1], k[2])]:
            del self._cache[k]

    async def purge_untouched(self, days: int) -> int:
        """Delete dialogs nobody touched for `days` days; returns how many rows went."""
        cutoff = now() - days * 86400
        deleted = await self.db.execute("DELETE FROM fsm_state WHERE updated_at < ?", (cutoff,))
        for k in [k for k, d in self._cache.items() if d.updated_at < cutoff]:
            del self._cache[k]
        return deleted

    async def private_dialog(self, user_id: int) -> tuple[str | None, dict[str, Any]] | None:
        await uow.read_your_writes()
        row = await self.db.fetchone(
            "SELECT state, data FROM fsm_state WHERE chat_id = ? AND user_id = ?"
            " ORDER BY updated_at DESC LIMIT 1", (self.db.sealer.keyed_id(user_id),) * 2)
        return (row[0], json.loads(self.db.sealer.open(row[1]))) if row else None

    # -- the cache ---------------------------------------------------------------------------
    async def _dialog(self, k: Key) -> Dialog:
        dialog = self._cache.get(k)
        if dialog is not None:
            self._cache.move_to_end(k)
            return dialog
        row = await self.db.fetchone(
            f"SELECT state, data, updated_at FROM fsm_state WHERE {_WHERE}",
            _stored(k, self.db.sealer))
        dialog = Dialog(row[0], self.db.sealer.open(row[1]), row[2]) if row else \
            Dialog(None, EMPTY, now())
        self._remember(k, dialog)
        return dialog

    def _remember(self, k: Key, dialog: Dialog) -> None:
        self._cache[k] = dialog
        self._cache.move_to_end(k)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    async def _change(self, k: Key, state: str | None, data: str) -> None:
        dialog = Dialog(state, data, now())
        self._remember(k, dialog)
        unit = uow.current()
        if unit is None:
            await self.db.run(self._save(k, dialog), quick=True)
            return
        unit.before_commit(("fsm", k), lambda: self._save(k, dialog))
        unit.on_rollback(lambda: self._cache.pop(k, None))

    def _save(self, k: Key, dialog: Dialog) -> list[Statement]:
        """The dialog's data is sealed (unfinished answers are what a person wrote); the cache
        holds it open."""
        stored = _stored(k, self.db.sealer)
        if dialog.state is None and dialog.data == EMPTY:  # nothing left to keep
            return [(f"DELETE FROM fsm_state WHERE {_WHERE}", stored)]
        sealed = self.db.sealer.seal(dialog.data)
        return [(_UPSERT, (*stored, dialog.state, sealed, dialog.updated_at))]
