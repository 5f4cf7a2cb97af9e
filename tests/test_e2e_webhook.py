"""Webhook mode, health and metrics (issue #16, parts 1 and 5), with the real bot process:
the stand-in Bot API POSTs updates to the bot's webhook like Telegram, with the secret header,
retrying until it gets a 200."""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sandbox.fakeapi import ThreadedServer
from tests.databases import E2E_DATABASE_URL
from tests.harness import BotProcess, Person, free_port, start_fake_api
from tests.test_e2e_durability import greetings, no_apologies

SECRET = "s3cret_-Token"
_ids = iter(range(930_001, 939_999))


def webhook_env(port: int, **extra: str) -> dict[str, str]:
    return {"WEBHOOK_URL": f"http://127.0.0.1:{port}/tg/hook", "WEBHOOK_SECRET": SECRET,
            "WEBHOOK_LISTEN": f"127.0.0.1:{port}", **extra}


def http(method: str, url: str, body: bytes | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def start_update(update_id: int, user_id: int) -> dict[str, Any]:
    """/start from a Telegram client, as Telegram would POST it."""
    who = {"id": user_id, "is_bot": False, "first_name": "Webhook", "language_code": "kk"}
    return {"update_id": update_id, "message": {
        "message_id": 1, "date": int(time.time()), "text": "/start",
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        "chat": {"id": user_id, "type": "private", "first_name": "Webhook"}, "from": who}}


def sends_to(api: ThreadedServer, chat_id: int) -> int:
    return sum(1 for c in api.tg.calls_to("sendMessage")
               if str(c.params.get("chat_id")) == str(chat_id))


# -- one bot in webhook mode for the module ---------------------------------------------------
@pytest.fixture(scope="module")
def api() -> Iterator[ThreadedServer]:
    server = start_fake_api()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def bot(api: ThreadedServer, port: int, tmp_path_factory: pytest.TempPathFactory,
        ) -> Iterator[BotProcess]:
    env = webhook_env(port, WEBHOOK_MAX_CONNECTIONS="7", LOG_FORMAT="json")
    process = BotProcess.for_server(api, tmp_path_factory.mktemp("webhook"), extra_env=env)
    process.start()
    yield process
    process.stop()


def test_a_person_is_answered_through_the_webhook(api: ThreadedServer, bot: BotProcess,
                                                  port: int) -> None:
    person = Person(api.tg, next(_ids), "kk")
    person.send("/start")
    assert greetings(person) == 1
    assert api.tg.calls_to("getUpdates") == []  # no polling in webhook mode
    posts = api.tg.webhook_posts
    assert posts and all(p.status == 200 for p in posts)
    (call,) = [c for c in api.tg.calls_to("setWebhook") if c.status == 200]
    assert call.params["url"] == f"http://127.0.0.1:{port}/tg/hook"
    assert call.params["secret_token"] == SECRET
    assert int(call.params["max_connections"]) == 7
    allowed = call.params["allowed_updates"]
    allowed = json.loads(allowed) if isinstance(allowed, str) else allowed
    assert {"message", "callback_query", "edited_message"} <= set(allowed)
    assert str(call.params.get("drop_pending_updates", "false")).lower() == "false"
    info = api.tg.webhook_info()
    assert info["url"] == call.params["url"] and info["max_connections"] == 7
    assert info["pending_update_count"] == 0


def test_buttons_work_through_the_webhook(api: ThreadedServer, bot: BotProcess) -> None:
    person = Person(api.tg, next(_ids), "kk")
    person.send("/start")
    before = person.screen
    assert before is not None and before.buttons
    query = person.press(before.labels[0])  # waits for the press to be answered
    assert query in api.tg.callback_answers
    assert api.tg.webhook_info()["pending_update_count"] == 0


def test_a_wrong_or_missing_secret_is_refused_and_nothing_is_stored(
        api: ThreadedServer, bot: BotProcess, port: int) -> None:
    user_id = next(_ids)
    api.tg.user(user_id, "Webhook", "kk", started=True)
    update = start_update(8_000_001, user_id)
    url = f"http://127.0.0.1:{port}/tg/hook"
    body = json.dumps(update).encode()
    json_type = {"Content-Type": "application/json"}
    for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"},
                    {"X-Telegram-Bot-Api-Secret-Token": SECRET + "x"}):
        status, answer = http("POST", url, body, {**json_type, **headers})
        assert (status, answer) == (403, b"")
    time.sleep(0.5)
    assert sends_to(api, user_id) == 0
    assert bot.query("SELECT COUNT(*) FROM inbox WHERE update_id = ?", (8_000_001,)) == [(0,)]
    assert bot.query("SELECT COUNT(*) FROM webhook_seen WHERE update_id = ?",
                     (8_000_001,)) == [(0,)]
    # Not an update at all, with the right secret: 400.
    status, _ = http("POST", url, b"not json", {"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert status == 400


def test_a_body_nested_5000_deep_is_refused_with_400(api: ThreadedServer, bot: BotProcess,
                                                     port: int) -> None:
    url = f"http://127.0.0.1:{port}/tg/hook"
    nested = b'{"update_id": 8000003, "message": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    status, _ = http("POST", url, nested, {"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert status == 400
    assert "RecursionError" not in bot.logs() and "Traceback" not in bot.logs()
    person = Person(api.tg, next(_ids), "kk")  # and the next person is answered as ever
    person.send("/start")
    assert greetings(person) == 1


def test_an_update_sent_twice_is_stored_and_handled_once(
        api: ThreadedServer, bot: BotProcess, port: int) -> None:
    user_id = next(_ids)
    api.tg.user(user_id, "Webhook", "kk", started=True)
    body = json.dumps(start_update(8_000_002, user_id)).encode()
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
    url = f"http://127.0.0.1:{port}/tg/hook"
    assert http("POST", url, body, headers)[0] == 200
    api.tg.wait_for(lambda: sends_to(api, user_id) > 0, timeout=10)
    api.tg.wait_idle(quiet=0.3)
    once = sends_to(api, user_id)
    for _ in range(2):  # Telegram sends it again: its 200 was lost
        assert http("POST", url, body, headers)[0] == 200
    time.sleep(0.5)
    api.tg.wait_idle(quiet=0.3)
    assert sends_to(api, user_id) == once
    assert bot.query("SELECT COUNT(*) FROM webhook_seen WHERE update_id = ?",
                     (8_000_002,)) == [(1,)]


def test_health_readiness_and_metrics_on_the_webhook_server(
        api: ThreadedServer, bot: BotProcess, port: int) -> None:
    person = Person(api.tg, next(_ids), "kk")
    person.send("/start")
    base = f"http://127.0.0.1:{port}"
    assert http("GET", f"{base}/healthz")[0] == 200
    status, body = http("GET", f"{base}/readyz")
    assert status == 200, body
    checks = {"database": "ok", "bot_api": "ok"} | ({"redis": "ok"} if bot.redis_url else {})
    answer = json.loads(body)
    assert answer == {"status": "ready", "checks": checks,
                      "bot_api_answered_seconds_ago": answer["bot_api_answered_seconds_ago"]}
    assert answer["bot_api_answered_seconds_ago"] < 1.5  # asked now, not cached for long
    status, body = http("GET", f"{base}/metrics")
    assert status == 200
    text = body.decode()
    for series in ('qorgau_updates_handled_total{result="ok",type="message"}',
                   'qorgau_handler_seconds_bucket{le="0.005",type="message"}',
                   'qorgau_bot_api_requests_total{method="sendMessage",result="ok"}',
                   'qorgau_webhook_requests_total{result="stored"}',
                   "qorgau_inbox_depth 0.0", "qorgau_inbox_oldest_age_seconds 0.0",
                   "qorgau_outbox_depth", "qorgau_outbox_oldest_age_seconds",
                   "qorgau_bot_api_429_total", "qorgau_flood_dropped_total",
                   "process_cpu_seconds_total"):
        assert series in text, series
    assert str(person.user_id) not in text  # no ids in labels
    # The webhook path answers only POST with the secret; there is nothing else to GET.
    assert http("GET", f"{base}/tg/hook")[0] == 405


def test_logs_are_json_lines_when_asked(api: ThreadedServer, bot: BotProcess) -> None:
    def entries() -> list[dict[str, Any]]:
        return [json.loads(line) for line in bot.stderr_path.read_text().splitlines()
                if line.strip() and not line.startswith("=====")]

    # "started" is logged once the webhook is set, which is what start() waits for
    api.tg.wait_for(lambda: any("webhook, listening on" in e["message"] for e in entries()),
                    timeout=10)
    assert all({"time", "level", "logger", "message"} <= set(e) for e in entries())


# -- crashes: a bot of its own for each test --------------------------------------------------
@pytest.fixture
def own_api() -> Iterator[ThreadedServer]:
    server = start_fake_api()
    yield server
    server.stop()


def test_kill_9_while_telegram_delivers_loses_nothing_and_repeats_nothing(
        own_api: ThreadedServer, tmp_path: Path) -> None:
    api, port = own_api, free_port()
    bot = BotProcess.for_server(api, tmp_path, extra_env=webhook_env(port)).start()
    api.tg.hold("sendMessage")  # the answers hang: stored, not yet handled
    first = [Person(api.tg, next(_ids), "kk") for _ in range(8)]
    for person in first:
        person.send("/start", wait=False)
    api.tg.wait_for(lambda: api.tg.pending_updates() == 0, timeout=10)  # all answered 200
    time.sleep(0.2)
    bot.kill()
    api.tg.release()  # the dead process's requests are dropped
    assert all(greetings(p) == 0 for p in first)
    # While the bot is down Telegram keeps trying: connection refused, retried with back-off.
    second = [Person(api.tg, next(_ids), "kk") for _ in range(8)]
    for person in second:
        person.send("/start", wait=False)
    api.tg.wait_for(lambda: len([p for p in api.tg.webhook_posts if p.status is None]) >= 8,
                    timeout=10)
    assert api.tg.pending_updates() == 8
    assert "Connection failed" in api.tg.webhook_info()["last_error_message"]

    bot.start()
    # With replicas (PostgreSQL and Redis) the dead process's updates wait for its leases to
    # run out (bot/pipeline/replicas.py); alone, the restart takes them at once.
    api.tg.wait_for(lambda: all(greetings(p) for p in first + second), timeout=30)
    api.tg.wait_idle(quiet=0.5, timeout=30)
    assert [greetings(p) for p in first + second] == [1] * 16
    assert no_apologies(api)
    assert api.tg.pending_updates() == 0
    assert "Traceback" not in bot.logs()
    bot.stop()


def test_sigterm_in_webhook_mode_finishes_what_was_taken_in(own_api: ThreadedServer,
                                                            tmp_path: Path) -> None:
    api, port = own_api, free_port()
    bot = BotProcess.for_server(api, tmp_path, extra_env=webhook_env(port)).start()
    api.tg.hold("sendMessage")
    people = [Person(api.tg, next(_ids), "kk") for _ in range(6)]
    for person in people:
        person.send("/start", wait=False)
    api.tg.wait_for(lambda: api.tg.pending_updates() == 0, timeout=10)
    bot._proc.send_signal(15)  # type: ignore[union-attr]
    time.sleep(0.5)
    api.tg.release()
    assert bot._proc.wait(15) == 0  # type: ignore[union-attr]
    assert [greetings(p) for p in people] == [1] * 6
    assert no_apologies(api)


def test_polling_mode_removes_a_webhook_left_set(own_api: ThreadedServer,
                                                 tmp_path: Path) -> None:
    api = own_api
    status, _ = api.tg.call("setWebhook", {"url": "http://127.0.0.1:9/old", "secret_token": "x"})
    assert status == 200
    person = Person(api.tg, next(_ids), "kk")
    person.send("/start", wait=False)  # waits with Telegram: the old webhook is unreachable
    bot = BotProcess.for_server(api, tmp_path).start()
    bot.settle(api.tg)  # fetched and handled: quiet alone may come before the answer
    assert greetings(person) == 1
    (delete,) = api.tg.calls_to("deleteWebhook")
    assert str(delete.params.get("drop_pending_updates", "false")).lower() == "false"
    assert api.tg.webhook_info()["url"] == ""
    assert all(c.status == 200 for c in api.tg.calls_to("getUpdates"))
    bot.stop()


def test_polling_mode_leaves_no_webhook_alone_when_none_is_set(own_api: ThreadedServer,
                                                               tmp_path: Path) -> None:
    bot = BotProcess.for_server(own_api, tmp_path).start()
    assert own_api.tg.calls_to("deleteWebhook") == []
    bot.stop()


@pytest.mark.skipif(E2E_DATABASE_URL.startswith(("postgresql://", "postgres://")),
                    reason="holds SQLite's write lock from another process to fail the database")
def test_readyz_names_the_database_then_the_bot_api_when_they_fail(
        own_api: ThreadedServer, tmp_path: Path) -> None:
    """Polling mode with METRICS_LISTEN: the endpoints on their own port."""
    port = free_port()
    bot = BotProcess.for_server(own_api, tmp_path,
                                extra_env={"METRICS_LISTEN": f"127.0.0.1:{port}"}).start()
    url = f"http://127.0.0.1:{port}/readyz"
    assert http("GET", url)[0] == 200

    def not_ready() -> dict[str, Any] | None:
        status, body = http("GET", url)
        return json.loads(body) if status == 503 else None

    # Another process holds the database's write lock: the bot could not store an update.
    locker = sqlite3.connect(tmp_path / "qorgau.db", isolation_level=None, timeout=10)
    locker.execute("BEGIN IMMEDIATE")
    try:
        answer = own_api.tg.wait_for(not_ready, timeout=15)
        assert answer["checks"] == {"database": "timeout", "bot_api": "ok"}
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    own_api.tg.wait_for(lambda: http("GET", url)[0] == 200, timeout=15)
    assert http("GET", f"http://127.0.0.1:{port}/metrics")[0] == 200

    own_api.stop()
    gone = time.monotonic()
    answer = own_api.tg.wait_for(not_ready, timeout=15)
    assert time.monotonic() - gone < 3.0  # asked live: not a cached "ok"
    assert answer["status"] == "not ready"
    assert answer["checks"]["database"] == "ok"
    # named by the live check, or by the polling loop that found it gone first
    assert answer["checks"]["bot_api"] != "ok" or "bot_api" in answer["down"], answer
    assert http("GET", f"http://127.0.0.1:{port}/healthz")[0] == 200  # alive all the same
    assert "123456" not in json.dumps(answer)  # no token, no URL
    bot.kill()
