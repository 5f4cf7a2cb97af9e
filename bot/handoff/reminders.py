"""Cases nobody has taken are announced again in the defenders' group (urgent ones sooner)."""

from __future__ import annotations

import asyncio
import logging

from bot.handoff.desk import CaseDesk
from bot.pipeline.turns import ONLY_PROCESS, Turns

log = logging.getLogger(__name__)


async def remind_forever(desk: CaseDesk, every: float = 60.0,
                         turns: Turns = ONLY_PROCESS) -> None:
    while True:
        if await turns.take("reminders", every):
            reminded = await desk.remind_unclaimed()
            if reminded:
                log.info("announced %d unclaimed cases again", reminded)
        await asyncio.sleep(every)
