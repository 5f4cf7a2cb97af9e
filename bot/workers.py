"""Background work: the retention purge. Runs beside polling and stops with it."""

from __future__ import annotations

import asyncio
import logging

from storage.db import Database
from storage.retention import purge

log = logging.getLogger(__name__)


async def purge_forever(db: Database, dialog_days: int, every: float = 3600.0) -> None:
    """Forget what is no longer needed: message ids Telegram no longer lets us delete, and
    dialogs nobody touched for `dialog_days` days."""
    while True:
        try:
            counts = await purge(db, dialog_days)
            if any(counts.values()):
                log.info("retention purge: %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
        except Exception:  # a failed purge must not stop the bot; try again next time
            log.exception("retention purge failed")
        await asyncio.sleep(every)
