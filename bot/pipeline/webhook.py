"""Webhook mode: Telegram POSTs each update to WEBHOOK_URL; the bot stores it in the durable
inbox and only then answers 200, so a crash before the answer means Telegram sends it again.

- The secret (`X-Telegram-Bot-Api-Secret-Token`, set by setWebhook) is compared in constant
  time; a request without it is answered 403 with no body, and nothing is stored.
- An update id already taken in (its 200 was lost) is answered 200 and not stored again
  (storage/inbox.py, `webhook_seen`).
- A body that is not a JSON object (or one nested too deep to read) is answered 400.
- A storage failure is answered 500: Telegram retries. While the bot stops, 503. An outage of
  the database is told once (bot/pipeline/outage.py), not at every retry.
- From the inbox on, an update takes exactly the path of a polled one: the runner, the guard,
  the dispatcher inside a unit of work.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging

from aiogram import Bot
from aiogram.methods import SetWebhook
from aiohttp import web

from bot.pipeline.inbox import InboxRunner
from bot.pipeline.ops.metrics import Metrics
from bot.pipeline.outage import DATABASE, Outages, dependency_of
from bot.pipeline.receipt import Receipt, valid_id
from bot.pipeline.replicas import Replica
from bot.settings import Settings
from storage.inbox import InboxRepo

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
BACKLOG_WAIT = 20.0  # seconds a POST waits for room before it is answered 503 (retried)


class WebhookReceiver:
    def __init__(self, secret: str, inbox: InboxRepo, runner: InboxRunner,
                 metrics: Metrics, replica: Replica | None = None,
                 outages: Outages | None = None) -> None:
        self._secret = secret.encode()
        self.outages = outages or Outages()
        self.receipt = Receipt(inbox, runner, replica)  # the steps polling takes too
        self.metrics = metrics
        self.stopping = False

    def _count(self, result: str) -> None:
        self.metrics.webhook.labels(result).inc()

    async def handle(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            self._count("forbidden")
            return web.Response(status=403)
        if self.stopping:
            self._count("stopping")
            return web.Response(status=503)
        try:
            update = json.loads(await request.read())
        except (ValueError, UnicodeDecodeError, RecursionError):  # nested past the stack
            update = None
        if not isinstance(update, dict):
            self._count("malformed")
            return web.Response(status=400)
        update_id = update.get("update_id")
        if not valid_id(update_id):
            # As polling does: no client sent it and it cannot be stored; do not ask again.
            log.warning("webhook: an update with an impossible id skipped")
            self._count("malformed")
            return web.Response(status=200)
        if self.receipt.full:  # overloaded: let the handlers catch up (as polling does)
            try:
                async with asyncio.timeout(BACKLOG_WAIT):
                    await self.receipt.room()
            except TimeoutError:
                self._count("busy")
                return web.Response(status=503)
        try:
            # Shielded: once the row is on its way, a hung-up client does not stop it.
            stored = await self.receipt.store_one(update_id, update)
        except Exception as exc:
            dependency = dependency_of(exc)
            if dependency is not None:
                self.outages.failed(dependency, exc)
            else:
                log.error("webhook: update %d could not be stored (%s); Telegram will retry",
                          update_id, exc)
            self._count("failed")
            return web.Response(status=500)
        self.outages.recovered(DATABASE)
        self._count("stored" if stored else "duplicate")
        return web.Response(status=200)


def webhook_app(settings: Settings, receiver: WebhookReceiver) -> web.Application:
    app = web.Application(client_max_size=1024 * 1024)
    app.router.add_post(settings.webhook_path, receiver.handle)
    return app


async def set_webhook(bot: Bot, settings: Settings, allowed_updates: list[str]) -> None:
    """Point Telegram at WEBHOOK_URL. Pending updates are kept (drop_pending_updates off)."""
    assert settings.webhook_url and settings.webhook_secret
    await bot(SetWebhook(url=settings.webhook_url,
                         secret_token=settings.webhook_secret.get_secret_value(),
                         allowed_updates=allowed_updates,
                         max_connections=settings.webhook_max_connections,
                         drop_pending_updates=False))

