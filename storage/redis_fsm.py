"""aiogram FSM storage in Redis, for several bot processes sharing the dialogs (REDIS_URL set).

Same promises as the database's storage (storage.fsm):
- Sealed: the value is the dialog's state and data as JSON, sealed with the data key; a key
  name carries no Telegram id either, only a keyed hash of the dialog's key.
- A change joins the update's unit of work: it reaches Redis only after the database commit
  (never for an update that rolled back, say on a 429 that will run it again), and the handler
  reads its own changes before that.
- Retention: every write renews a TTL of DIALOG_RETENTION_DAYS, so Redis drops untouched
  dialogs by itself.
- Erasure: each person's keys are listed in a set under their keyed hash, so /forget deletes
  them all without scanning.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey
from redis.asyncio import Redis
from redis.exceptions import RedisError

from storage import unit as uow
from storage.crypto import Sealer

log = logging.getLogger(__name__)
PREFIX = "qorgau:fsm"


@dataclass
class Dialog:
    state: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    private: bool = False  # the dialog of a person in their own chat (the one /mydata shows)

    @property
    def empty(self) -> bool:
        return self.state is None and not self.data


@dataclass
class _Overlay:
    """This update's view of the dialogs it touched: what Redis said, then what changed."""

    dialogs: dict[str, Dialog] = field(default_factory=dict)
    owners: dict[str, int] = field(default_factory=dict)  # Redis key -> the person's id
    dirty: set[str] = field(default_factory=set)


class RedisDialogs(BaseStorage):
    def __init__(self, redis: Redis, sealer: Sealer, retention_days: int,
                 prefix: str = PREFIX) -> None:
        self.redis = redis
        self.sealer = sealer
        self.ttl = retention_days * 86400
        self.prefix = prefix

    # -- names -------------------------------------------------------------------------------
    def _name(self, key: StorageKey) -> str:
        parts = (key.bot_id, key.chat_id, key.thread_id or 0, key.user_id, key.destiny)
        return f"{self.prefix}:d:{self.sealer.name_for(':'.join(map(str, parts)))}"

    def _index(self, user_id: int) -> str:
        return f"{self.prefix}:who:{self.sealer.name_for(user_id)}"

    # -- aiogram's storage interface --------------------------------------------------------
    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._dialog(key)).state

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return dict((await self._dialog(key)).data)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        dialog = await self._dialog(key)
        await self._change(key, Dialog(value, dialog.data, _private(key)))

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        dialog = await self._dialog(key)
        await self._change(key, Dialog(dialog.state, dict(data), _private(key)))

    async def close(self) -> None:
        """The connection belongs to the app, which closes it."""

    # -- erasure and retention ---------------------------------------------------------------
    async def forget(self, user_id: int) -> None:
        """Every dialog of this person: in Redis at once, and in this update's view."""
        index = self._index(user_id)
        names = [n.decode() if isinstance(n, bytes) else n
                 for n in await self.redis.smembers(index)]
        await self.redis.delete(index, *names)
        overlay = self._overlay()
        if overlay is not None:
            for name in [n for n, who in overlay.owners.items() if who == user_id]:
                overlay.dialogs.pop(name, None)
                overlay.dirty.discard(name)

    async def private_dialog(self, user_id: int) -> tuple[str | None, dict[str, Any]] | None:
        """Found through the person's index: names are hashes, the value says which is it."""
        overlay = self._overlay()
        names = {n.decode() if isinstance(n, bytes) else n
                 for n in await self.redis.smembers(self._index(user_id))}
        if overlay is not None:
            names |= {n for n, who in overlay.owners.items() if who == user_id}
        for name in sorted(names):
            dialog = overlay.dialogs.get(name) if overlay is not None else None
            if dialog is None:
                dialog = await self._read(name)
            if dialog.private and not dialog.empty:
                return dialog.state, dict(dialog.data)
        return None

    async def purge_untouched(self, days: int) -> int:
        """Redis expires untouched dialogs itself (the TTL each write renews)."""
        return 0

    # -- reading and writing -----------------------------------------------------------------
    def _overlay(self) -> _Overlay | None:
        unit = uow.current()
        if unit is None:
            return None
        overlay = unit.local.get(self)
        if overlay is None:
            overlay = unit.local[self] = _Overlay()
            unit.after_commit_async(self, lambda: self._flush(overlay))
        return overlay  # type: ignore[no-any-return]

    async def _dialog(self, key: StorageKey) -> Dialog:
        name = self._name(key)
        overlay = self._overlay()
        if overlay is not None and name in overlay.dialogs:
            return overlay.dialogs[name]
        dialog = await self._read(name)
        if overlay is not None:
            overlay.dialogs[name] = dialog
            overlay.owners[name] = key.user_id
        return dialog

    async def _read(self, name: str) -> Dialog:
        raw = await self.redis.get(name)
        if raw is None:
            return Dialog()
        value = json.loads(self.sealer.open(raw.decode() if isinstance(raw, bytes) else raw))
        return Dialog(value.get("s"), value.get("d") or {}, value.get("p") is True)

    async def _change(self, key: StorageKey, dialog: Dialog) -> None:
        name = self._name(key)
        overlay = self._overlay()
        if overlay is None:  # outside an update (a command-line tool): write at once
            await self._write({name: (key.user_id, dialog)})
            return
        overlay.dialogs[name] = dialog
        overlay.owners[name] = key.user_id
        overlay.dirty.add(name)

    async def _flush(self, overlay: _Overlay) -> None:
        changed = {name: (overlay.owners[name], overlay.dialogs[name]) for name in overlay.dirty}
        overlay.dirty.clear()
        try:
            await self._write(changed)
        except RedisError as exc:  # the update is committed: its dialog step is what is lost
            log.error("dialogs: %d change(s) not written to Redis (%s)", len(changed),
                      exc)

    async def _write(self, changed: Mapping[str, tuple[int, Dialog]]) -> None:
        if not changed:
            return
        async with self.redis.pipeline(transaction=True) as pipe:
            for name, (user_id, dialog) in changed.items():
                index = self._index(user_id)
                if dialog.empty:  # nothing left to keep
                    pipe.delete(name)
                    pipe.srem(index, name)
                    continue
                value = json.dumps({"s": dialog.state, "d": dialog.data, "p": dialog.private},
                                   ensure_ascii=False, separators=(",", ":"))
                pipe.set(name, self.sealer.seal(value), ex=self.ttl)
                pipe.sadd(index, name)
                pipe.expire(index, self.ttl)
            await pipe.execute()


def _private(key: StorageKey) -> bool:
    return key.chat_id == key.user_id and not key.thread_id and key.destiny == "default"
