"""The outbound queue: one primitive for everything not answered inline (the defenders' group,
reminders, broadcast).

`OutboundQueue.enqueue(method, kind=...)` stores a row in the current unit of work. The worker
sends due rows oldest first under three limits: the global send budget (shared with inline
replies, which go first), one message a second per private chat and GROUP_PER_MINUTE per group.
Several requests are in flight at once so latency does not cap the rate, but only one per chat,
so a chat's messages arrive in order. Outcomes:
- sent: the row keeps the message id (payload emptied);
- 429: the chat it concerns is paused for retry_after (everything, when several chats hit a
  limit at once: a global limit), and the same row is retried;
- server or network failure: retried with back-off up to `max_attempts`, then failed (gave_up);
- 403 (blocked, kicked) or chat not found: failed with that reason, for the caller to act on.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiogram.methods
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
)
from aiogram.methods import TelegramMethod
from aiogram.types import Message, MessageId

from bot.middlewares.budget import from_queue
from dialogs.rate import Clock, KeyedBuckets, TokenBucket
from storage import unit as uow
from storage.outbox import OutboxRepo, Outgoing

log = logging.getLogger(__name__)

METHODS: dict[str, type[TelegramMethod[Any]]] = {
    cls.__api_method__: cls
    for name in aiogram.methods.__all__
    if isinstance(cls := getattr(aiogram.methods, name), type)
    and issubclass(cls, TelegramMethod) and hasattr(cls, "__api_method__")
}

# Reasons a row failed for good, for callers to act on (e.g. mark a subscriber inactive).
BLOCKED, CHAT_NOT_FOUND, REJECTED, GAVE_UP = "blocked", "chat_not_found", "rejected", "gave_up"

OutcomeHook = Callable[[Outgoing, str, int | None], Awaitable[None]]


@dataclass(frozen=True)
class QueueLimits:
    private_per_second: float = 1.0
    group_per_minute: float = 20.0
    group_burst: int = 3
    in_flight: int = 8
    max_attempts: int = 6
    backoff_base: float = 1.0  # seconds before the first retry; doubles each time, up to 300
    global_window: float = 1.0  # 429s from this many seconds apart on 2+ chats: a global limit


def serialize(method: TelegramMethod[Any]) -> tuple[str, str]:
    payload = method.model_dump(mode="json", exclude_unset=True, exclude_none=True)
    return method.__api_method__, json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def deserialize(name: str, payload: str) -> TelegramMethod[Any]:
    return METHODS[name].model_validate(json.loads(payload))


def message_id_of(result: object) -> int | None:
    first = result[0] if isinstance(result, list) and result else result
    return first.message_id if isinstance(first, Message | MessageId) else None


def failure_reason(exc: Exception) -> str | None:
    """The final reason for a row, or None when it is worth trying again."""
    if isinstance(exc, TelegramForbiddenError):
        return BLOCKED
    if isinstance(exc, TelegramBadRequest | TelegramNotFound):
        return CHAT_NOT_FOUND if "chat not found" in exc.message.lower() else REJECTED
    return None


class OutboundQueue:
    def __init__(self, repo: OutboxRepo, bot: Bot, budget: TokenBucket,
                 limits: QueueLimits | None = None, clock: Clock = time.monotonic) -> None:
        self.repo = repo
        self.bot = bot
        self.budget = budget
        self.limits = limits or QueueLimits()
        self.clock = clock
        self.private = KeyedBuckets(self.limits.private_per_second, 1, clock)
        self.groups = KeyedBuckets(self.limits.group_per_minute / 60, self.limits.group_burst,
                                   clock)
        self.hooks: dict[str, OutcomeHook] = {}
        self._in_flight: dict[int, int] = {}  # row id -> chat id
        self._slots = asyncio.Semaphore(self.limits.in_flight)
        self._wake = asyncio.Event()
        self._recent_429: deque[tuple[float, int]] = deque(maxlen=16)
        self.sent_count = 0

    # -- callers -----------------------------------------------------------------------------
    async def enqueue(self, method: TelegramMethod[Any], *, kind: str, ref: str | None = None,
                      delay: float = 0.0) -> None:
        """Queue a Bot API call; it is stored with the current update's writes and sent after
        they are committed."""
        chat_id = getattr(method, "chat_id", None)
        if not isinstance(chat_id, int):
            raise ValueError("the outbound queue sends to chats by numeric id")
        name, payload = serialize(method)
        not_before = int((time.time() + delay) * 1000)
        await self.repo.enqueue(chat_id, name, payload, kind=kind, ref=ref,
                                not_before_ms=not_before)
        unit = uow.current()
        if unit is None:
            self.wake()
        else:
            unit.after_commit(self.wake)

    def on_outcome(self, kind: str, hook: OutcomeHook) -> None:
        """Call `hook(row, reason, message_id)` when a row of this kind is done (reason "sent"
        or one of the failure reasons)."""
        self.hooks[kind] = hook

    def wake(self) -> None:
        self._wake.set()

    # -- the worker ----------------------------------------------------------------------------
    def _chat_bucket(self, chat_id: int) -> TokenBucket:
        return self.private.get(chat_id) if chat_id > 0 else self.groups.get(chat_id)

    async def run(self, idle_poll: float = 1.0) -> None:
        tasks: set[asyncio.Task[None]] = set()
        try:
            while True:
                next_check = await self._launch_due(tasks)
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=min(idle_poll, next_check))
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _launch_due(self, tasks: set[asyncio.Task[None]]) -> float:
        """Start sending what may go now; returns seconds until something else may."""
        free = self.limits.in_flight - len(self._in_flight)
        if free <= 0:
            return 1.0
        rows = await self.repo.due(limit=max(50, free * 4), skip=self._in_flight)
        busy = set(self._in_flight.values())
        soonest = 1.0
        for row in rows:
            if len(self._in_flight) >= self.limits.in_flight:
                break
            if row.chat_id in busy:  # one at a time per chat keeps its messages in order
                continue
            busy.add(row.chat_id)  # later rows of a chat that must wait wait too
            wait = self._chat_bucket(row.chat_id).try_take()
            if wait > 0:
                soonest = min(soonest, wait)
                continue
            self._in_flight[row.id] = row.chat_id
            task = asyncio.create_task(self._send(row))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        return max(0.01, soonest)

    async def _send(self, row: Outgoing) -> None:
        token = from_queue.set(True)
        try:
            async with self._slots:
                await self._attempt(row)
        finally:
            from_queue.reset(token)
            self._in_flight.pop(row.id, None)
            self.wake()

    async def _attempt(self, row: Outgoing) -> None:
        try:
            result = await self.bot(deserialize(row.method, row.payload))
        except TelegramRetryAfter as exc:
            self._pause_for(row.chat_id, exc.retry_after)
            return
        except Exception as exc:
            reason = failure_reason(exc)
            if reason is None and row.attempts + 1 < self.limits.max_attempts:
                backoff = min(300.0, self.limits.backoff_base * 2.0 ** row.attempts)
                self._chat_bucket(row.chat_id).pause(backoff)
                await self.repo.retry_at(row.id, 0, row.attempts + 1)
                log.warning("outbound %s: %s, retry %d in %.0f s", row.kind, type(exc).__name__,
                            row.attempts + 1, backoff)
                return
            await self._finish(row, reason or GAVE_UP, None)
            return
        self.sent_count += 1
        await self._finish(row, "sent", message_id_of(result))

    def _pause_for(self, chat_id: int, retry_after: float) -> None:
        now = self.clock()
        self._recent_429.append((now, chat_id))
        chats = {c for at, c in self._recent_429 if now - at <= self.limits.global_window}
        if len(chats) > 1:
            self.budget.pause(retry_after)
            log.warning("outbound: a global limit; everything waits %.0f s", retry_after)
        self._chat_bucket(chat_id).pause(retry_after)

    async def _finish(self, row: Outgoing, reason: str, message_id: int | None) -> None:
        if reason == "sent":
            await self.repo.sent(row.id, message_id)
        else:
            await self.repo.failed(row.id, reason)
            log.info("outbound %s: row %d ended: %s", row.kind, row.id, reason)
        hook = self.hooks.get(row.kind)
        if hook is not None:
            try:
                await hook(row, reason, message_id)
            except Exception as exc:
                log.error("outbound %s: outcome hook failed (%s)", row.kind, type(exc).__name__)
