"""Long polling into the durable inbox.

Telegram counts an update as delivered once getUpdates asks past it. So each batch is stored
(with the offset that acknowledges it) in one transaction *before* the next getUpdates, and
handed to the inbox runner only then (bot/pipeline/receipt.py, shared with the webhook). The
updates are kept raw: one that aiogram cannot parse is set aside by the runner, never blocking
the rest.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramUnauthorizedError
from aiogram.methods import TelegramMethod

from bot.pipeline.inbox import InboxRunner
from bot.pipeline.outage import BOT_API, Outages
from bot.pipeline.receipt import BACKLOG_LIMIT, UPDATE_ID_LIMIT, Receipt
from bot.pipeline.replicas import Replica
from storage.inbox import InboxRepo

log = logging.getLogger(__name__)
OFFSET_LIMIT = 2**63  # getUpdates' offset, like an SQLite INTEGER, is a signed 64-bit integer


class GetRawUpdates(TelegramMethod[list[dict[str, Any]]]):
    """getUpdates, answered as plain dicts (parsed one by one later)."""

    __returning__ = list[dict[str, Any]]
    __api_method__ = "getUpdates"

    offset: int | None = None
    limit: int | None = None
    timeout: int | None = None
    allowed_updates: list[str] | None = None


async def poll_forever(bot: Bot, inbox: InboxRepo, runner: InboxRunner,
                       allowed_updates: list[str], *, long_poll: int = 25,
                       backlog_limit: int = BACKLOG_LIMIT, replica: Replica | None = None,
                       outages: Outages | None = None) -> None:
    """Fetch, store, hand over; until cancelled. Network trouble is retried with back-off; a
    batch the database cannot take now is kept and stored once it returns (getUpdates is not
    asked past it before: Telegram keeps what people write meanwhile)."""
    outages = outages or Outages()
    method = GetRawUpdates(offset=await inbox.offset(), timeout=long_poll,
                           allowed_updates=allowed_updates)
    receipt = Receipt(inbox, runner, replica)
    delay = 0.0
    while True:
        while runner.backlog >= backlog_limit:  # overloaded: let the handlers catch up first
            await runner.wait_below(backlog_limit // 2)
        try:
            updates = await bot(method, request_timeout=long_poll + 10)
        except TelegramUnauthorizedError:
            raise
        except Exception as exc:
            delay = min(30.0, max(1.0, delay * 2))
            outages.failed(BOT_API, exc)  # one line for the outage, not one a try
            await asyncio.sleep(delay)
            continue
        delay = 0.0
        outages.recovered(BOT_API)
        if not updates:
            continue
        batch, next_offset = storable(updates)
        if next_offset is None or (method.offset is not None and next_offset <= method.offset):
            if not batch:
                await asyncio.sleep(1.0)  # nothing here moves the offset on: don't spin
                continue
            next_offset = method.offset  # never back: a lower offset would refetch, or worse
        await outages.outlast(lambda: receipt.store_batch(batch, next_offset))  # noqa: B023
        method.offset = next_offset


def storable(updates: list[dict[str, Any]],
             ) -> tuple[list[tuple[int, dict[str, Any]]], int | None]:
    """The updates of a batch that can be stored, and the offset that acknowledges the batch.

    An update whose id is not an integer in Telegram's range is skipped, with one log line: it
    could not be stored (an SQLite INTEGER is 64-bit) and no client sent it. The offset still
    moves past it when it can be expressed (a getUpdates offset is a 64-bit integer too)."""
    batch: list[tuple[int, dict[str, Any]]] = []
    highest: int | None = None
    skipped = 0
    for update in updates:
        update_id = update.get("update_id")
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            skipped += 1
            continue
        if 0 <= update_id < UPDATE_ID_LIMIT:
            batch.append((update_id, update))
        else:
            skipped += 1
        if 0 <= update_id < OFFSET_LIMIT - 1:
            highest = update_id if highest is None else max(highest, update_id)
    if skipped:
        log.warning("getUpdates: %d update(s) with an impossible id skipped", skipped)
    return batch, None if highest is None else highest + 1
