"""Handling one stored update: parse it, run the dispatcher inside a unit of work, and commit
the handler's writes together with "this inbox row is done".

A crash before that commit leaves the row in the inbox: it is handled again at the next start
(at most one repeat, and a repeat only re-shows the screen the person was on, because the
dialog's state was not committed either). With several replicas, each update is handled under
its person's lock, after their earlier ones (bot/pipeline/replicas.py).

An outage (the database or Redis away: bot/pipeline/outage.py) is no handler's failure: the
update's writes are undone and it is handled again once the dependency returns, with no
apology; the person's later updates wait behind it. When only the final commit met the outage,
the same writes are committed again, so what the handler sent is not sent twice.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING, Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from pydantic import ValidationError

from bot.pipeline.outage import Outages, dependency_of
from bot.pipeline.replicas import Replica
from storage import unit as uow
from storage.db import Database
from storage.inbox import InboxRepo

if TYPE_CHECKING:  # prometheus_client only where /metrics is served (bot/app.py)
    from bot.pipeline.ops.metrics import Metrics

log = logging.getLogger(__name__)


class UpdateHandler:
    def __init__(self, bot: Bot, dp: Dispatcher, db: Database, inbox: InboxRepo,
                 metrics: Metrics | None = None, replica: Replica | None = None,
                 outages: Outages | None = None) -> None:
        self.bot = bot
        self.dp = dp
        self.db = db
        self.inbox = inbox
        self.metrics = metrics
        self.replica = replica
        self.outages = outages or Outages()

    async def __call__(self, update_id: int, raw: dict[str, Any]) -> None:
        if self.replica is None:
            await self._timed(update_id, raw)
        else:  # the person's lock is in Redis: an outage there is waited out as well
            await self.outages.outlast(lambda: self.replica.in_order(  # type: ignore[union-attr]
                update_id, raw, self._timed))

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
            await self.outages.outlast(lambda: self.inbox.reject(update_id))
            return "rejected"
        unit, result = await self.outages.outlast(lambda: self._dispatch(update_id, update))
        tail = [self.inbox.done(update_id)]

        async def commit() -> None:
            statements, tail[:] = list(tail), []  # kept by the unit if the commit must wait
            await unit.commit(*statements, keep=dependency_of)

        await self.outages.outlast(commit)
        return result

    async def _dispatch(self, update_id: int, update: Update,
                        ) -> tuple[uow.UnitOfWork, str]:
        """The handler's run, its writes not committed yet; an outage is raised, undone."""
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
                if dependency_of(exc) is not None:
                    raise
                log.error("update %d failed: %s", update_id, exc)
                result = "failed"
        return unit, result
