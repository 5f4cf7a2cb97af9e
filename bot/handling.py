"""Handling one stored update: parse it, run the dispatcher inside a unit of work, and commit
the handler's writes together with "this inbox row is done".

A crash before that commit leaves the row in the inbox: it is handled again at the next start
(at most one repeat, and a repeat only re-shows the screen the person was on, because the
dialog's state was not committed either). With several replicas, each update is handled under
its person's lock, after their earlier ones (bot/replicas.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from pydantic import ValidationError

from bot.ops.metrics import Metrics
from bot.replicas import Replica
from storage import unit as uow
from storage.db import Database
from storage.inbox import InboxRepo

log = logging.getLogger(__name__)


class UpdateHandler:
    def __init__(self, bot: Bot, dp: Dispatcher, db: Database, inbox: InboxRepo,
                 metrics: Metrics | None = None, replica: Replica | None = None) -> None:
        self.bot = bot
        self.dp = dp
        self.db = db
        self.inbox = inbox
        self.metrics = metrics
        self.replica = replica

    async def __call__(self, update_id: int, raw: dict[str, Any]) -> None:
        if self.replica is None:
            await self._timed(update_id, raw)
        else:
            await self.replica.in_order(update_id, raw, self._timed)

    async def _timed(self, update_id: int, raw: dict[str, Any]) -> None:
        started = time.perf_counter()
        result = await self._handle(update_id, raw)
        if self.metrics is not None:
            self.metrics.handled(raw, result, started)

    async def _handle(self, update_id: int, raw: dict[str, Any]) -> str:
        """ok, failed (a handler raised: its writes undone, the row done) or rejected."""
        try:
            update = Update.model_validate(raw, context={"bot": self.bot})
        except ValidationError as exc:  # its text quotes the update: log the count only
            log.warning("update %d cannot be read (%d problems); set aside", update_id,
                        exc.error_count())
            await self.inbox.reject(update_id)
            return "rejected"
        result = "ok"
        unit = uow.UnitOfWork(self.db)
        with uow.active(unit):
            try:
                await self.dp.feed_update(self.bot, update)
            except asyncio.CancelledError:  # shutdown ran out of time: the row stays pending
                unit.rollback()
                raise
            except Exception as exc:
                unit.rollback()
                log.error("update %d failed: %s", update_id, type(exc).__name__)
                result = "failed"
        await unit.commit(self.inbox.done(update_id))
        return result
