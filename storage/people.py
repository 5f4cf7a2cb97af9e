"""People: the language each person chose, whether the "keep this chat hidden" tips were shown
on first contact, and erasing everything stored about a person."""

from __future__ import annotations

import asyncio
from collections import OrderedDict

from storage import unit as uow
from storage.cases import CasesRepo
from storage.chat_log import ChatLogRepo
from storage.contact import ContactRepo
from storage.engine import Database, now
from storage.fsm import Dialogs
from storage.journal import JournalRepo
from storage.journal_files import JournalFilesRepo
from storage.journal_locks import JournalLocksRepo
from storage.outbox import OutboxRepo
from storage.safety_plans import SafetyPlansRepo
from storage.subscriptions import SubscriptionsRepo

_UNKNOWN = ""  # cached "no choice yet", so a newcomer costs no read per update either


class PeopleRepo:
    def __init__(self, db: Database, dialogs: Dialogs, cache_size: int = 20_000) -> None:
        self.db = db
        self.dialogs = dialogs
        self.cache_size = cache_size
        self._locales: OrderedDict[int, str] = OrderedDict()
        self._checkpoints: set[asyncio.Task[bool]] = set()

    async def locale(self, user_id: int) -> str | None:
        cached = self._locales.get(user_id)
        if cached is None:
            row = await self.db.fetchone("SELECT locale FROM people WHERE user_id = ?",
                                         (self._keyed(user_id),))
            cached = row[0] if row else _UNKNOWN
            self._cache(user_id, cached)
        else:
            self._locales.move_to_end(user_id)
        return cached or None

    async def set_locale(self, user_id: int, locale: str) -> None:
        await uow.write(
            self.db,
            "INSERT INTO people (user_id, locale, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET locale = excluded.locale",
            (self._keyed(user_id), locale, now()),
        )
        self._cache(user_id, locale)
        unit = uow.current()
        if unit is not None:
            unit.on_rollback(lambda: self._locales.pop(user_id, None))

    async def trace_tips_shown(self, user_id: int) -> bool:
        """Whether first contact already showed the "keep this chat hidden" tips."""
        row = await self.db.fetchone("SELECT trace_tips FROM people WHERE user_id = ?",
                                     (self._keyed(user_id),))
        return bool(row and row[0])

    async def mark_trace_tips(self, user_id: int) -> None:
        """Shown once: a flag on the person's row (there is one: the language came first)."""
        await uow.write(self.db, "UPDATE people SET trace_tips = 1 WHERE user_id = ?",
                        (self._keyed(user_id),))

    def _keyed(self, user_id: int) -> int:
        """Rows are keyed by a keyed hash of the id (storage.ids)."""
        return self.db.sealer.keyed_id(user_id)

    def _cache(self, user_id: int, locale: str) -> None:
        self._locales[user_id] = locale
        self._locales.move_to_end(user_id)
        while len(self._locales) > self.cache_size:
            self._locales.popitem(last=False)

    async def forget(self, user_id: int) -> None:
        """Delete every row that names this person, in one unit of work. New tables holding a
        person's id belong here (tests/test_storage.py checks that none is left out)."""
        await self.dialogs.forget(user_id)
        await ChatLogRepo(self.db).forget(user_id)
        await OutboxRepo(self.db).forget(user_id)
        await CasesRepo(self.db).forget(user_id)
        await SubscriptionsRepo(self.db).unsubscribe(user_id)
        await SafetyPlansRepo(self.db).forget(user_id)
        await JournalRepo(self.db).forget(user_id)
        await JournalFilesRepo(self.db).forget(user_id)
        await JournalLocksRepo(self.db).forget(user_id)
        await ContactRepo(self.db).forget(user_id)
        await uow.write(self.db, "DELETE FROM defenders WHERE user_id = ?", (user_id,))
        await uow.write(self.db, "DELETE FROM people WHERE user_id = ?", (self._keyed(user_id),))
        self._locales.pop(user_id, None)
        # Earlier versions of the deleted rows may still be in the WAL: empty it once committed.
        unit = uow.current()
        if unit is None:
            await self.db.checkpoint()
        else:
            unit.after_commit(self._checkpoint_soon)

    def _checkpoint_soon(self) -> None:
        task = asyncio.create_task(self.db.checkpoint())
        self._checkpoints.add(task)  # keep a reference until it is done
        task.add_done_callback(self._checkpoints.discard)
