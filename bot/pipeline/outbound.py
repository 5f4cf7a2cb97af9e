"""The outbound queue: one primitive for everything not answered inline (the defenders' group,
reminders, broadcast).

`OutboundQueue.enqueue(method, kind=...)` stores a row in the current unit of work. The worker
sends due rows oldest first under three limits: the global send budget (shared with inline
replies, which go first), one message a second per private chat and GROUP_PER_MINUTE per group.
Several requests are in flight at once so latency does not cap the rate, but only one per chat,
so a chat's messages arrive in order. Outcomes:
- sent: the row keeps the message id (payload emptied);
- 429: the chat it concerns is paused for retry_after (everything, when three chats hit a
  limit at once: a global limit), and the same row is retried;
- server or network failure: retried with back-off up to `max_attempts`, then failed (gave_up);
- 403 (blocked, kicked) or chat not found: failed with that reason, for the caller to act on.
The database or Redis away (bot/pipeline/outage.py): the worker waits for it, told once; a row
sent meanwhile is recorded as sent once the database is back, not sent again.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

import aiogram.methods
from aiogram import Bot
from aiogram.client.default import Default
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
)
from aiogram.methods import TelegramMethod
from aiogram.types import Message, MessageId
from pydantic import BaseModel

from bot.pipeline.middlewares.budget import Budget, as_budget, from_queue, places_messages
from bot.pipeline.outage import Outages, dependency_of
from bot.pipeline.purpose import Purpose, Purposes
from dialogs.loggable import Safe
from dialogs.rate import Clock, KeyedBuckets, TokenBucket
from storage import unit as uow
from storage.db import Statement, now_ms
from storage.outbox import OutboxRepo, Outgoing

log = logging.getLogger(__name__)

METHODS: dict[str, type[TelegramMethod[Any]]] = {
    cls.__api_method__: cls
    for name in aiogram.methods.__all__
    if isinstance(cls := getattr(aiogram.methods, name), type)
    and issubclass(cls, TelegramMethod) and hasattr(cls, "__api_method__")
}

SETTLE_EVERY = 20.0  # seconds between looks for sends a stopped replica left uncertain

# Reasons a row failed for good, for callers to act on (e.g. mark a subscriber inactive).
BLOCKED, CHAT_NOT_FOUND, REJECTED, GAVE_UP = "blocked", "chat_not_found", "rejected", "gave_up"

# hook(row, its purpose, "sent" or a failure reason, the Bot API's result or None)
OutcomeHook = Callable[[Outgoing, Any, str, Any], Awaitable[None]]
# prepare(row, its purpose, method) -> the method to send, completed at send time (a topic)
Preparer = Callable[[Outgoing, Any, TelegramMethod[Any]], Awaitable[TelegramMethod[Any]]]
# fix(row, its purpose, error) -> True when the cause was repaired: send the row again now
Fixer = Callable[[Outgoing, Any, Exception], Awaitable[bool]]


@dataclass(frozen=True)
class Queued:
    """A row not sent yet, with what it is for."""

    row: Outgoing
    purpose: Purpose


@dataclass(frozen=True)
class QueueLimits:
    private_per_second: float = 1.0
    group_per_minute: float = 20.0
    group_burst: int = 3
    in_flight: int = 8
    max_attempts: int = 6
    backoff_base: float = 1.0  # seconds before the first retry; doubles each time, up to 300
    reserve: float = 3.0  # tokens of the global send budget left to inline replies
    # 429s on this many different chats within global_window seconds: a global limit, so
    # everything waits (one chat's or one group's own limit pauses only that chat)
    global_chats: int = 3
    global_window: float = 1.0


def _plain(value: Any) -> Any:
    """JSON-ready values of a method: aiogram's Default sentinels (the bot's defaults, such as
    parse_mode, restored when the row is read back) and unset Nones left out; an explicit None
    (parse_mode=None: plain text) and literal fields like a reaction's `type`, which
    exclude_unset would drop, kept."""
    if isinstance(value, BaseModel):
        return {name: _plain(v) for name in type(value).model_fields
                if not isinstance(v := getattr(value, name), Default)
                and (v is not None or name in value.model_fields_set)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return value


def serialize(method: TelegramMethod[Any]) -> tuple[str, str]:
    payload = _plain(method)
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
    def __init__(self, repo: OutboxRepo, bot: Bot, budget: TokenBucket | Budget,
                 limits: QueueLimits | None = None, clock: Clock = time.monotonic,
                 outages: Outages | None = None) -> None:
        self.repo = repo
        self.bot = bot
        self.budget = as_budget(budget)
        self.limits = limits or QueueLimits()
        self.clock = clock
        self.private = KeyedBuckets(self.limits.private_per_second, 1, clock)
        self.groups = KeyedBuckets(self.limits.group_per_minute / 60, self.limits.group_burst,
                                   clock)
        self.purposes = Purposes()
        self.hooks: dict[type[Purpose], OutcomeHook] = {}
        self.at_most_once: set[str] = set()
        self.preparers: dict[str, Preparer] = {}
        self.fixers: dict[str, Fixer] = {}
        self._in_flight: dict[int, int] = {}  # row id -> chat id
        # Who this worker is when rows are claimed (PostgreSQL, issue #16): a random name.
        self.owner = f"outbound-{secrets.token_hex(8)}"
        self._slots = asyncio.Semaphore(self.limits.in_flight)
        self._wake = asyncio.Event()
        self._recent_429: deque[tuple[float, int]] = deque(maxlen=16)
        self.sent_count = 0
        self.outages = outages or Outages()

    # -- callers -----------------------------------------------------------------------------
    async def enqueue(self, method: TelegramMethod[Any], purpose: Purpose, *,
                      ref: str | None = None, delay: float = 0.0) -> None:
        """Queue a Bot API call for `purpose` (registered by its feature); it is stored with
        the current update's writes and sent after they are committed."""
        await uow.write(self.repo.db, *self.statement(method, purpose, ref=ref, delay=delay))
        self.wake_after_commit()

    def statement(self, method: TelegramMethod[Any], purpose: Purpose, *,
                  ref: str | None = None, delay: float = 0.0) -> Statement:
        """The row for a transaction of the caller's own (then call wake_after_commit)."""
        chat_id = getattr(method, "chat_id", None)
        if not isinstance(chat_id, int):
            raise ValueError("the outbound queue sends to chats by numeric id")
        name, payload = serialize(method)
        return self.repo.insert(chat_id, name, payload, kind=purpose.stream, ref=ref,
                                meta=self.purposes.encode(purpose),
                                not_before_ms=int((time.time() + delay) * 1000))

    async def queued(self, stream: str, ref: str) -> list[Queued]:
        """What is still to be sent of this stream for `ref`, oldest first."""
        return [Queued(row, self.purpose_of(row)) for row in await self.repo.queued(stream, ref)]

    async def head(self, chat_id: int) -> Queued | None:
        """The chat's message being sent now or next (its outcome not recorded yet)."""
        row = await self.repo.head(chat_id)
        return None if row is None else Queued(row, self.purpose_of(row))

    async def amend(self, queued: Queued, method: TelegramMethod[Any], purpose: Purpose,
                    ) -> None:
        """Change a row still waiting (one more photo for an album being collected)."""
        await self.repo.replace_payload(queued.row.id, serialize(method)[1],
                                        self.purposes.encode(purpose))

    def purpose_of(self, row: Outgoing) -> Purpose:
        return self.purposes.decode(row.kind, row.meta)

    def wake_after_commit(self) -> None:
        unit = uow.current()
        if unit is None:
            self.wake()
        else:
            unit.after_commit(self.wake)

    def register(self, *kinds: type[Purpose], on_outcome: OutcomeHook | None = None,
                 plain: bool = False) -> None:
        """A feature's kinds of queued message. `on_outcome(row, purpose, reason, result)` is
        called when one is done (reason "sent" or a failure reason; result what the Bot API
        returned, or None). `plain`: the stream's rows stored without a purpose read back as
        this kind."""
        for kind in kinds:
            self.purposes.add(kind, plain=plain)
            if on_outcome is not None:
                self.hooks[kind] = on_outcome

    def send_at_most_once(self, kind: str) -> None:
        """Rows of this kind are never sent twice, even across a crash: each is marked before
        its request goes out, and one found marked at start-up ends as 'uncertain' instead of
        being sent again (the default, at least once, never loses a row but may repeat the
        one in flight at the moment of a crash)."""
        self.at_most_once.add(kind)

    def on_prepare(self, kind: str, preparer: Preparer) -> None:
        self.preparers[kind] = preparer

    def on_error(self, kind: str, fixer: Fixer) -> None:
        self.fixers[kind] = fixer

    def wake(self) -> None:
        self._wake.set()

    # -- the worker ----------------------------------------------------------------------------
    def _chat_bucket(self, chat_id: int) -> TokenBucket:
        return self.private.get(chat_id) if chat_id > 0 else self.groups.get(chat_id)

    async def run(self, idle_poll: float = 1.0) -> None:
        tasks: set[asyncio.Task[None]] = set()
        settled_at = -SETTLE_EVERY
        try:
            while True:
                # At start; and with replicas, now and then: another replica may have died
                # mid-send (only rows whose lease ran out are settled).
                if settled_at + SETTLE_EVERY <= self.clock() and \
                        (settled_at < 0 or self.repo.db.shared):
                    settled_at = self.clock()
                    uncertain = await self.outages.outlast(self.repo.settle_uncertain)
                    if uncertain:
                        log.warning("outbound: %d at-most-once sends were in flight when a"
                                    " process stopped; not sent again", uncertain)
                next_check = await self.outages.outlast(lambda: self._launch_due(tasks))
                self._wake.clear()
                # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancellation
                # that arrives as its timeout fires, and the worker would never stop
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(min(idle_poll, next_check)):
                        await self._wake.wait()
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _launch_due(self, tasks: set[asyncio.Task[None]]) -> float:
        """Start sending what may go now; returns seconds until something else may."""
        free = self.limits.in_flight - len(self._in_flight)
        if free <= 0:
            return 1.0
        rows = await self.repo.take_due(max(50, free * 4), self._in_flight, self.owner)
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
                method = deserialize(row.method, row.payload)
                purpose = self.purpose_of(row)
                if await self.outages.outlast(lambda: self._may_go(row, method)):
                    await self._attempt(row, purpose, method)
        except Exception as exc:  # the row stays, sent again at a later look
            dependency = dependency_of(exc)
            if dependency is not None:
                self.outages.failed(dependency, exc)
            else:
                log.error("outbound %s: row %d: %s", Safe(row.kind), row.id, exc)
        finally:
            from_queue.reset(token)
            self._in_flight.pop(row.id, None)
            self.wake()

    async def _may_go(self, row: Outgoing, method: TelegramMethod[Any]) -> bool:
        """Its token taken, still this worker's and still wanted; nothing sent yet."""
        if places_messages(method):
            await self.budget.take(self.limits.reserve)
        if self.repo.db.shared and not await self.repo.renew(row.id, self.owner):
            return False  # it waited past its lease: another replica has it now
        # at most once: False when paused or cancelled while it waited for its turn
        return row.kind not in self.at_most_once or await self.repo.sending(row.id)

    async def _attempt(self, row: Outgoing, purpose: Purpose, method: TelegramMethod[Any],
                       ) -> None:
        try:
            if getattr(method, "chat_id", row.chat_id) != row.chat_id:  # the chat moved
                method = method.model_copy(update={"chat_id": row.chat_id})
            preparer = self.preparers.get(row.kind)
            if preparer is not None:
                method = await preparer(row, purpose, method)
            result = await self.bot(method)
        except TelegramRetryAfter as exc:
            # Not delivered: it goes again after the pause (kept in the row). Its time is taken
            # first, so the chat's pause ends after it: the chat's next row cannot go first.
            due = now_ms() + int(exc.retry_after * 1000)
            self._pause_for(row.chat_id, exc.retry_after)
            await self.outages.outlast(lambda: self.repo.retry_at(row.id, due, row.attempts))
            return
        except Exception as exc:  # every failure ends in a retry or a reason
            dependency = dependency_of(exc)
            if dependency is not None:  # not sent (a preparer's read): try again later
                self.outages.failed(dependency, exc)
                self._chat_bucket(row.chat_id).pause(self.outages.wait_for(dependency))
                return
            fixer = self.fixers.get(row.kind)
            if fixer is not None and row.attempts + 1 < self.limits.max_attempts and \
                    await self._fixed(fixer, row, purpose, exc):
                await self.repo.retry_at(row.id, 0, row.attempts + 1)
                return
            reason = failure_reason(exc)
            if reason is None and row.attempts + 1 < self.limits.max_attempts:
                backoff = min(300.0, self.limits.backoff_base * 2.0 ** row.attempts)
                self._chat_bucket(row.chat_id).pause(backoff)
                await self.repo.retry_at(row.id, 0, row.attempts + 1)
                log.warning("outbound %s: %s, retry %d in %.0f s", Safe(row.kind), exc,
                            row.attempts + 1, backoff)
                return
            await self._finish(row, purpose, reason or GAVE_UP, None)
            return
        self.sent_count += 1
        await self.outages.outlast(lambda: self._finish(row, purpose, "sent", result))

    async def _fixed(self, fixer: Fixer, row: Outgoing, purpose: Purpose, exc: Exception,
                     ) -> bool:
        try:
            return await fixer(row, purpose, exc)
        except Exception as fix_exc:
            log.warning("outbound %s: repair failed (%s)", Safe(row.kind), fix_exc)
            return False

    def _pause_for(self, chat_id: int, retry_after: float) -> None:
        now = self.clock()
        self._recent_429.append((now, chat_id))
        chats = {c for at, c in self._recent_429 if now - at <= self.limits.global_window}
        if len(chats) >= self.limits.global_chats:
            self.budget.pause(retry_after)
            log.warning("outbound: a global limit; everything waits %.0f s", retry_after)
        self._chat_bucket(chat_id).pause(retry_after)

    async def _finish(self, row: Outgoing, purpose: Purpose, reason: str, result: Any) -> None:
        """The row's end and what its feature records of it (e.g. which copy in the topic
        stands for which message of the person) commit together: a reply to a copy is never
        read before the copy is known, and a kill -9 between the two loses neither."""
        if reason != "sent":
            log.info("outbound %s: row %d ended: %s", Safe(row.kind), row.id, Safe(reason))
        unit = uow.UnitOfWork(self.repo.db)
        with uow.active(unit):
            await self._end(row, reason, result)
            hook = self.hooks.get(type(purpose))
            try:
                if hook is not None:
                    await hook(row, purpose, reason, result)
            except Exception as exc:
                if dependency_of(exc) is not None:
                    unit.rollback()
                    raise
                log.error("outbound %s: outcome hook failed (%s)", Safe(row.kind), exc)
                unit.rollback()  # the row ends all the same: never sent twice
                await self._end(row, reason, result)
            await unit.commit()

    async def _end(self, row: Outgoing, reason: str, result: Any) -> None:
        if reason == "sent":
            await self.repo.sent(row.id, message_id_of(result))
        else:
            await self.repo.failed(row.id, reason)
