"""Webhooks in the stand-in, as Telegram does them: setWebhook / deleteWebhook /
getWebhookInfo, and delivery of pending updates by HTTPS POST with the secret header.

An update stays pending until the bot's server answers 2xx; a non-2xx answer or a connection
error is retried with back-off (Telegram does the same, with its own, longer, intervals). At
most `max_connections` deliveries are in flight, and one at a time for one person (sender, else
chat), so a person's updates arrive in order, as they do from Telegram. While a webhook is set,
getUpdates answers 409 Conflict.

The real Bot API requires an HTTPS URL on port 443, 80, 88 or 8443; the stand-in also accepts
plain http to a loopback address (tests and the sandbox have no certificate).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .errors import ApiError, bad_request
from .params import Params
from .registry import method
from .world import World

SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
HTTPS_PORTS = frozenset({443, 80, 88, 8443})
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
GETUPDATES_CONFLICT = ("Conflict: can't use getUpdates method while webhook is active; "
                       "use deleteWebhook to delete the webhook first")


@dataclass
class Delivery:
    """What the server POSTs: one update to one URL."""

    update_id: int
    update: dict[str, Any]
    url: str
    secret: str | None


@dataclass
class Webhook:
    url: str
    secret: str | None
    max_connections: int
    in_flight: set[int] = field(default_factory=set)  # update ids being POSTed
    retry_at: dict[int, tuple[int, float]] = field(default_factory=dict)  # id -> (fails, when)
    last_error_date: int | None = None
    last_error_message: str | None = None
    deliveries: int = 0  # answered 2xx
    attempts: int = 0  # every POST, failed ones too


def check_url(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme == "http" and host in LOOPBACK:
        return url  # the stand-in only: plain http to this machine
    if parts.scheme != "https" or not host:
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if (parts.port or 443) not in HTTPS_PORTS:
        raise bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
    return url


def person_of(update: dict[str, Any]) -> Any:
    """Whose update: the sender, else the chat, else the update itself (as the bot's runner)."""
    for value in update.values():
        if isinstance(value, dict):
            for name in ("from", "user", "chat"):
                who = value.get(name)
                if isinstance(who, dict) and isinstance(who.get("id"), int):
                    return who["id"]
    return ("update", update.get("update_id"))


@method("setWebhook")
def set_webhook(w: World, p: Params) -> bool:
    url = p.text("url") or ""
    if not url:
        w.webhook = None
        return True
    secret = p.text("secret_token")
    if secret is not None and not SECRET.match(secret):
        raise bad_request("secret token contains unallowed characters")
    check_url(url)
    connections = max(1, min(p.integer("max_connections", 40) or 40, 100))
    allowed = p.obj("allowed_updates")
    if isinstance(allowed, list):
        w.allowed_updates = allowed  # remembered, as for getUpdates
    if p.flag("drop_pending_updates"):
        w.drop_pending()
    old = w.webhook
    w.webhook = Webhook(url, secret, connections)
    if old is not None:  # deliveries under way finish against the old settings
        w.webhook.in_flight = old.in_flight
        w.webhook.retry_at = old.retry_at
    w.settle_webhook()
    return True


@method("deleteWebhook")
def delete_webhook(w: World, p: Params) -> bool:
    w.webhook = None
    if p.flag("drop_pending_updates"):
        w.drop_pending()
    return True


@method("getWebhookInfo")
def get_webhook_info(w: World, p: Params) -> dict[str, Any]:
    hook = w.webhook
    info: dict[str, Any] = {"url": hook.url if hook else "", "has_custom_certificate": False,
                            "pending_update_count": len(w.updates)}
    if hook is not None:
        info["max_connections"] = hook.max_connections
        if w.allowed_updates is not None:
            info["allowed_updates"] = list(w.allowed_updates)
        if hook.last_error_date is not None:
            info["last_error_date"] = hook.last_error_date
            info["last_error_message"] = hook.last_error_message
    return info


def refuse_polling(w: World) -> None:
    if w.webhook is not None:
        raise ApiError(409, GETUPDATES_CONFLICT)


def due(w: World) -> tuple[list[Delivery], float | None]:
    """Updates to POST now (marked in flight), and when to look again for a retry."""
    hook = w.webhook
    if hook is None:
        return [], None
    w.updates = [u for u in w.updates if w.allowed(u)]
    w.settle_webhook()
    now = time.monotonic()
    free = hook.max_connections - len(hook.in_flight)
    taken: list[Delivery] = []
    busy: set[Any] = set()  # people with an earlier update still pending
    next_retry: float | None = None
    for update in w.updates:
        update_id = update["update_id"]
        who = person_of(update)
        if who in busy:
            continue
        busy.add(who)
        if update_id in hook.in_flight:
            continue
        when = hook.retry_at.get(update_id, (0, 0.0))[1]
        if when > now:
            next_retry = when if next_retry is None else min(next_retry, when)
            continue
        if free <= 0:
            break
        free -= 1
        hook.in_flight.add(update_id)
        taken.append(Delivery(update_id, update, hook.url, hook.secret))
    return taken, next_retry


def delivered(w: World, update_id: int, error: str | None,
              backoff: tuple[float, float]) -> None:
    """The answer to one POST: 2xx (error None) confirms the update, anything else retries."""
    hook = w.webhook
    if hook is None:
        return
    hook.in_flight.discard(update_id)
    hook.attempts += 1
    if error is None:
        hook.deliveries += 1
        hook.retry_at.pop(update_id, None)
        w.updates = [u for u in w.updates if u["update_id"] != update_id]
    else:
        fails = hook.retry_at.get(update_id, (0, 0.0))[0] + 1
        first, cap = backoff
        hook.retry_at[update_id] = (fails, time.monotonic() + min(cap, first * 2 ** (fails - 1)))
        hook.last_error_date = w.now()
        hook.last_error_message = error
    w.settle_webhook()
