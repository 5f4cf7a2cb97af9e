"""Prometheus metrics, in the bot's own registry (nothing global, nothing from other code).

No label ever holds an id, a name or a text: update types, Bot API method names and results
come from fixed sets, anything else is counted as "other".
"""

from __future__ import annotations

import time
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
)
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import Update
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    generate_latest,
)

from storage.db import Database, now
from storage.inbox import InboxRepo
from storage.outbox import OutboxRepo

UPDATE_TYPES = frozenset(name for name in Update.model_fields if name != "update_id")
# Bot API method names are a fixed vocabulary; anything unexpected is "other".
METHOD_NAME_MAX = 40
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


def update_type(raw: dict[str, Any]) -> str:
    """The kind of an update (message, callback_query …), from a fixed set."""
    kind = next((k for k in raw if k != "update_id"), "")
    return kind if kind in UPDATE_TYPES else "other"


def send_result(exc: BaseException | None) -> str:
    if exc is None:
        return "ok"
    if isinstance(exc, TelegramRetryAfter):
        return "429"
    if isinstance(exc, TelegramForbiddenError):
        return "403"
    if isinstance(exc, TelegramBadRequest | TelegramNotFound):
        return "400"
    return "other"


class Metrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = reg = CollectorRegistry(auto_describe=True)
        ProcessCollector(registry=reg)  # CPU, memory, open files of this process
        self.updates = Counter(
            "qorgau_updates_handled", "Updates handled, by type and result "
            "(ok, failed: a handler raised, rejected: unreadable)",
            ("type", "result"), registry=reg)
        self.handler_seconds = Histogram(
            "qorgau_handler_seconds", "Time from the start of an update's handling to its "
            "commit", ("type",), buckets=LATENCY_BUCKETS, registry=reg)
        self.sends = Counter(
            "qorgau_bot_api_requests", "Bot API requests (every attempt), by method and result "
            "(ok, 429, 403, 400, other)", ("method", "result"), registry=reg)
        self.too_many = Counter(
            "qorgau_bot_api_429", "429 Too Many Requests answers from the Bot API",
            registry=reg)
        self.flood_drops = Counter(
            "qorgau_flood_dropped", "Updates dropped by the per-person flood limit",
            registry=reg)
        self.webhook = Counter(
            "qorgau_webhook_requests", "Webhook POSTs, by result (stored, duplicate, "
            "forbidden, malformed, failed, stopping)", ("result",), registry=reg)
        self.inbox_depth = Gauge("qorgau_inbox_depth", "Updates stored and not handled yet",
                                 registry=reg)
        self.inbox_age = Gauge("qorgau_inbox_oldest_age_seconds",
                               "Age of the oldest update not handled yet (0 when none)",
                               registry=reg)
        self.outbox_depth = Gauge("qorgau_outbox_depth", "Messages queued to be sent",
                                  registry=reg)
        self.outbox_age = Gauge("qorgau_outbox_oldest_age_seconds",
                                "Age of the oldest queued message (0 when none)", registry=reg)
        self.backlog = Gauge("qorgau_runner_backlog",
                             "Updates handed to the runner and not finished", registry=reg)

    def handled(self, raw: dict[str, Any], result: str, started: float) -> None:
        kind = update_type(raw)
        self.updates.labels(kind, result).inc()
        if result != "rejected":
            self.handler_seconds.labels(kind).observe(time.perf_counter() - started)

    def sent(self, method: str, exc: BaseException | None) -> None:
        result = send_result(exc)
        name = method if method.isalpha() and len(method) <= METHOD_NAME_MAX else "other"
        self.sends.labels(name, result).inc()
        if result == "429":
            self.too_many.inc()

    async def refresh(self, db: Database, backlog: int | None = None) -> None:
        """The queue gauges, read at scrape time (an index walk each, no table scan)."""
        at = now()
        inbox, oldest = await InboxRepo(db).backlog()
        self.inbox_depth.set(inbox)
        self.inbox_age.set(max(0, at - oldest) if oldest is not None else 0)
        outbox, first = await OutboxRepo(db).backlog()
        self.outbox_depth.set(outbox)
        self.outbox_age.set(max(0, at - first) if first is not None else 0)
        if backlog is not None:
            self.backlog.set(backlog)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class CountRequests(BaseRequestMiddleware):
    """Counts every Bot API request by method and result (innermost: each attempt counts).
    getUpdates is left out: a long poll is not a send."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        name = method.__api_method__
        if name == "getUpdates":
            return await make_request(bot, method)
        try:
            response = await make_request(bot, method)
        except Exception as exc:
            self.metrics.sent(name, exc)
            raise
        self.metrics.sent(name, None)
        return response
