"""The retention purge, hourly: message ids Telegram no longer lets us delete, dialogs nobody
touched for DIALOG_RETENTION_DAYS days, cases closed CASE_RETENTION_DAYS ago, set-aside updates
and finished sends."""

from __future__ import annotations

import asyncio
import logging

from bot.workers.turns import ONLY_PROCESS, Turns
from storage.db import Database
from storage.fsm import Dialogs
from storage.retention import purge

log = logging.getLogger(__name__)


async def purge_forever(db: Database, dialogs: Dialogs, dialog_days: int, case_days: int,
                        every: float = 3600.0, turns: Turns = ONLY_PROCESS) -> None:
    while True:
        if await turns.take("retention", every):
            counts = await purge(db, dialogs, dialog_days, case_days)
            if any(counts.values()):
                await db.checkpoint()  # no earlier versions of what went left in the WAL
                log.info("retention purge: %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
        await asyncio.sleep(every)
