"""Webhook and operations settings: a bad value stops start-up with one line (the real process),
and the pure pieces: listen addresses, metric labels, JSON log lines."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter
from aiogram.methods import SendMessage

from bot.pipeline.logs import JsonFormatter
from bot.pipeline.ops.metrics import Metrics, send_result, update_type
from bot.settings import SettingsError, load_settings, parse_listen
from sandbox.fakeapi import ThreadedServer
from tests.harness import free_port, start_fake_api
from tests.test_settings import TOKEN, assert_one_line, run_bot


@pytest.fixture(scope="module")
def api() -> Iterator[ThreadedServer]:
    server = start_fake_api()
    yield server
    server.stop()


def test_webhook_url_without_a_secret(tmp_path: Path) -> None:
    result = run_bot(tmp_path, BOT_TOKEN=TOKEN, WEBHOOK_URL="https://bot.example.org/tg")
    assert_one_line(result, "WEBHOOK_SECRET", "missing", "openssl rand -hex 32")


def test_malformed_webhook_settings(tmp_path: Path) -> None:
    hook = {"BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://bot.example.org/tg",
            "WEBHOOK_SECRET": "abc"}
    for name, value, words in (
            ("WEBHOOK_URL", "bot.example.org/tg", ("https URL",)),
            ("WEBHOOK_SECRET", "has spaces in it", ("1-256 characters",)),
            ("WEBHOOK_SECRET", "x" * 257, ("1-256 characters",)),
            ("WEBHOOK_LISTEN", "8080", ("host:port",)),
            ("WEBHOOK_MAX_CONNECTIONS", "101", ()),
            ("METRICS_LISTEN", "127.0.0.1:70000", ("host:port",)),
            ("REDIS_URL", "pass@redis-host:6379", ("redis://",)),
            ("LOG_FORMAT", "xml", ("json",))):
        result = run_bot(tmp_path, **{**hook, name: value})
        assert_one_line(result, name, "malformed", *words)
        if name in ("WEBHOOK_SECRET", "REDIS_URL"):  # secrets are never echoed
            assert value not in result.stderr


def test_a_webhook_url_telegram_refuses(api: ThreadedServer, tmp_path: Path) -> None:
    result = run_bot(tmp_path, BOT_TOKEN=api.tg.token, TELEGRAM_API_URL=api.url,
                     WEBHOOK_URL="https://bot.example.org:1234/tg", WEBHOOK_SECRET="abc",
                     WEBHOOK_LISTEN=f"127.0.0.1:{free_port()}", LOG_LEVEL="WARNING",
                     DATABASE_URL=f"sqlite:///{tmp_path}/q.db")
    assert_one_line(result, "WEBHOOK_URL", "refused by the Bot API", "ports 80, 88, 443")
    assert "abc" not in result.stderr


def test_a_listen_address_in_use(api: ThreadedServer, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        address = f"127.0.0.1:{taken.getsockname()[1]}"
        result = run_bot(tmp_path, BOT_TOKEN=api.tg.token, TELEGRAM_API_URL=api.url,
                         METRICS_LISTEN=address, LOG_LEVEL="WARNING",
                         DATABASE_URL=f"sqlite:///{tmp_path}/q.db")
    assert_one_line(result, "METRICS_LISTEN", address, "in use")


def test_listen_addresses() -> None:
    assert parse_listen("127.0.0.1:8080") == ("127.0.0.1", 8080)
    assert parse_listen("[::1]:9000") == ("::1", 9000)
    assert parse_listen("metrics.local:443") == ("metrics.local", 443)
    for bad in ("8080", ":8080", "host:0", "host:65536", "a b:80", "[::1]"):
        with pytest.raises(ValueError, match="host:port"):
            parse_listen(bad)


def test_webhook_path_and_defaults() -> None:
    settings = load_settings(webhook_url="https://x.org/qorgau/tg", webhook_secret="a-b_C9")
    assert settings.webhook_path == "/qorgau/tg"
    assert settings.webhook_max_connections == 40
    assert settings.webhook_listen == "127.0.0.1:8080"
    assert settings.metrics_listen is None and settings.log_format == "text"
    assert load_settings(webhook_url="https://x.org", webhook_secret="a").webhook_path == "/"
    assert load_settings(webhook_url="").webhook_url is None  # empty: polling
    with pytest.raises(SettingsError, match="WEBHOOK_SECRET is missing"):
        load_settings(webhook_url="https://x.org/tg")


def test_metric_labels_come_from_fixed_sets() -> None:
    assert update_type({"update_id": 1, "message": {}}) == "message"
    assert update_type({"update_id": 1, "callback_query": {}}) == "callback_query"
    assert update_type({"update_id": 1, "something_new_123456": {}}) == "other"
    method = SendMessage(chat_id=1, text="x")
    assert send_result(None) == "ok"
    assert send_result(TelegramRetryAfter(method, "Too Many Requests", 3)) == "429"
    assert send_result(TelegramForbiddenError(method, "blocked")) == "403"
    assert send_result(TelegramBadRequest(method, "chat not found")) == "400"
    assert send_result(RuntimeError("?")) == "other"
    metrics = Metrics()
    metrics.sent("sendMessage", TelegramRetryAfter(method, "Too Many Requests", 3))
    metrics.sent("send 123456789", None)  # never a label with an id in it
    text = metrics.render().decode()
    assert 'qorgau_bot_api_requests_total{method="sendMessage",result="429"} 1.0' in text
    assert "qorgau_bot_api_429_total 1.0" in text
    assert 'method="other"' in text and "123456789" not in text


def test_json_log_lines() -> None:
    # records reach the formatter already through the allow-list (bot/pipeline/logs.py)
    record = logging.LogRecord("bot.x", logging.WARNING, __file__, 1, "update from #abc failed",
                               (), None)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "WARNING" and entry["logger"] == "bot.x"
    assert entry["message"] == "update from #abc failed"
    assert entry["time"].endswith("Z")
