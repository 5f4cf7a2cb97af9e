"""The retention purge, hourly: message ids Telegram no longer lets us delete, dialogs nobody
touched for DIALOG_RETENTION_DAYS days, cases closed CASE_RETENTION_DAYS ago, set-aside updates
and finished sends."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.pipeline.turns import ONLY_PROCESS, Turns
from dialogs.loggable import Safe
from storage.db import Database
from storage.fsm import Dialogs
from storage.retention import purge

log = logging.getLogger(__name__)


async def purge_forever(db: Database, dialogs: Dialogs, dialog_days: int, case_days: int,
                        every: float = 3600.0, turns: Turns = ONLY_PROCESS,
                        before: Callable[[], Awaitable[int]] | None = None) -> None:
    """`before`: what must go first, outside the database (the expired cases' forum topics,
    bot/handoff/desk.py erase_expired)."""
    while True:
        if await turns.take("retention", every):
            if before is not None:
                await before()
            counts = await purge(db, dialogs, dialog_days, case_days)
            if any(counts.values()):
                await db.checkpoint()  # no earlier versions of what went left in the WAL
                done = ", ".join(f"{table} {int(n)}" for table, n in counts.items())
                log.info("retention purge: %s", Safe(done))
        await asyncio.sleep(every)
