"""The stand-in's webhooks behave like Telegram's: setWebhook's rules, 409 for getUpdates while
one is set, delivery by POST with the secret header, retried until a 2xx, in order per person."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from sandbox.fakeapi import FakeTelegram


class Receiver(http.server.ThreadingHTTPServer):
    """A webhook endpoint that answers the statuses it is given, then 200."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.posts: list[tuple[dict[str, Any], str | None]] = []
        self.statuses: list[int] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with self.server.lock:
            self.server.posts.append((body, self.headers.get("X-Telegram-Bot-Api-Secret-Token")))
            status = self.server.statuses.pop(0) if self.server.statuses else 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def call(tg: FakeTelegram, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
    return tg.call(method, params)


def test_set_webhook_rules(tg: FakeTelegram) -> None:
    status, body = call(tg, "setWebhook", url="http://bot.example.org/hook")
    assert status == 400 and "HTTPS URL must be provided" in body["description"]
    status, body = call(tg, "setWebhook", url="https://bot.example.org:8080/hook")
    assert status == 400 and "ports 80, 88, 443 or 8443" in body["description"]
    for secret in ("", "with space", "ü", "x" * 257):
        status, body = call(tg, "setWebhook", url="https://bot.example.org/hook",
                            secret_token=secret)
        assert status == 400, secret
    assert call(tg, "setWebhook", url="https://bot.example.org:8443/hook",
                secret_token="A-z_9" * 50, max_connections=500,
                allowed_updates=["message"])[0] == 200
    info = call(tg, "getWebhookInfo")[1]["result"]
    assert info["url"] == "https://bot.example.org:8443/hook"
    assert info["max_connections"] == 100 and info["allowed_updates"] == ["message"]
    # http is accepted for this machine only (the stand-in's allowance for tests)
    assert call(tg, "setWebhook", url="http://127.0.0.1:9/hook")[0] == 200


def test_get_updates_conflicts_while_a_webhook_is_set(tg: FakeTelegram) -> None:
    tg.user(1001, "A")
    call(tg, "setWebhook", url="http://127.0.0.1:9/hook")
    tg.send_text(1001, "/start")
    status, body = call(tg, "getUpdates")
    assert status == 409 and "webhook is active" in body["description"]
    assert call(tg, "deleteWebhook")[0] == 200
    assert call(tg, "getWebhookInfo")[1]["result"]["url"] == ""
    status, body = call(tg, "getUpdates")
    assert status == 200 and len(body["result"]) == 1  # kept while the webhook failed
    call(tg, "setWebhook", url="http://127.0.0.1:9/hook", drop_pending_updates=True)
    assert tg.pending_updates() == 0


def test_updates_are_posted_with_the_secret_and_retried_until_a_200(
        srv: Any, tg: FakeTelegram, receiver: Receiver) -> None:
    tg.webhook_backoff = (0.05, 0.2)
    receiver.statuses = [500, 502]
    tg.user(1001, "A")
    assert call(tg, "setWebhook", url=receiver.url, secret_token="s3")[0] == 200
    tg.send_text(1001, "one")
    tg.send_text(1001, "two")
    tg.wait_for(lambda: tg.pending_updates() == 0, timeout=10)
    texts = [body["message"]["text"] for body, _ in receiver.posts]
    assert texts == ["one", "one", "one", "two"]  # retried in place, the next one waits
    assert {secret for _, secret in receiver.posts} == {"s3"}
    assert [p.status for p in tg.webhook_posts] == [500, 502, 200, 200]
    info = tg.webhook_info()
    assert "502" in info["last_error_message"] and info["pending_update_count"] == 0
    tg.wait_idle(quiet=0.1)  # every update counts as fetched once delivered


def test_an_unreachable_webhook_keeps_updates_pending(tg: FakeTelegram) -> None:
    tg.webhook_backoff = (0.05, 0.1)
    tg.user(1001, "A")
    call(tg, "setWebhook", url="http://127.0.0.1:9/hook")
    tg.send_text(1001, "hello there")
    tg.wait_for(lambda: len(tg.webhook_posts) >= 3, timeout=10)
    assert all(p.status is None for p in tg.webhook_posts)
    assert tg.pending_updates() == 1
    with pytest.raises(TimeoutError, match="not fetched"):
        tg.wait_idle(timeout=0.3)
