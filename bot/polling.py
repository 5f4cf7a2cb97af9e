"""Long polling into the durable inbox.

Telegram counts an update as delivered once getUpdates asks past it. So each batch is stored
(with the offset that acknowledges it) in one transaction *before* the next getUpdates, and
handed to the inbox runner only then. The updates are kept raw: one that aiogram cannot parse
is set aside by the runner, never blocking the rest.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramUnauthorizedError
from aiogram.methods import TelegramMethod

from bot.inbox import InboxRunner
from storage.inbox import InboxRepo

log = logging.getLogger(__name__)


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
                       backlog_limit: int = 2000) -> None:
    """Fetch, store, hand over; until cancelled. Network trouble is retried with back-off."""
    method = GetRawUpdates(offset=await inbox.offset(), timeout=long_poll,
                           allowed_updates=allowed_updates)
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
            log.warning("getUpdates failed (%s); retrying in %.0f s", type(exc).__name__, delay)
            await asyncio.sleep(delay)
            continue
        delay = 0.0
        if not updates:
            continue
        batch = [(u["update_id"], u) for u in updates if isinstance(u.get("update_id"), int)]
        if not batch:
            continue
        next_offset = max(update_id for update_id, _ in batch) + 1
        rows = [(update_id, json.dumps(u, ensure_ascii=False, separators=(",", ":")))
                for update_id, u in batch]
        await asyncio.shield(inbox.store(rows, next_offset))
        method.offset = next_offset
        runner.submit(batch)
