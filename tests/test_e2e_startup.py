"""Start-up as an NGO meets it: admins who have not opened the bot yet, and first starts that
fail (a refused token, a URL that is not a Bot API, a bad setting) leaving the disk untouched."""

from __future__ import annotations

import http.server
import os
import subprocess
import threading
from pathlib import Path

from sandbox.fakeapi import ThreadedServer
from tests.harness import Person, run_qorgau, start_bot
from tests.screens import plain

ADMIN = 900_001
PERSON = 700_901
SETTINGS = ("BOT_TOKEN", "TELEGRAM_API_URL", "DATABASE_URL", "DATA_DIR", "DATA_KEY",
            "DATA_KEY_FILE", "ADMIN_IDS", "DEFENDERS_CHAT_ID", "REDIS_URL", "WEBHOOK_URL")


def admin_menu(api: ThreadedServer, language: str) -> list[str]:
    return [c["command"] for c in api.tg.commands("chat", language, chat_id=ADMIN)]


def test_an_admin_who_never_opened_the_bot_does_not_stop_it(api: ThreadedServer,
                                                            tmp_path: Path) -> None:
    api.tg.user(ADMIN, "Admin", "ru")  # in ADMIN_IDS, never wrote to the bot: "chat not found"
    bot = start_bot(api, tmp_path, extra_env={"ADMIN_IDS": str(ADMIN)})
    try:
        assert admin_menu(api, "ru") == []
        person = Person(api.tg, PERSON, "kk")
        person.send("/start")  # people are served meanwhile
        assert person.screen is not None
        assert person.screen.text == plain("kk", "start-greeting")

        admin = Person(api.tg, ADMIN, "ru", first_name="Admin")
        admin.send("/start")  # the admin's first contact: their menu is set now
        for language in ("", "kk", "ru"):
            assert {"start", "broadcast", "broadcasts"} <= set(admin_menu(api, language))
        calls = len(api.tg.calls_to("setMyCommands"))
        admin.send("/broadcast")
        assert admin.screen is not None
        assert admin.screen.text.startswith(plain("ru", "bc-audience"))
        assert len(api.tg.calls_to("setMyCommands")) == calls  # set once, not per message
    finally:
        bot.stop()
    logs = bot.logs()
    waiting = [line for line in logs.splitlines() if "has not opened the bot yet" in line]
    assert len(waiting) == 1
    assert str(ADMIN) not in logs  # the id is hashed, as in every log line
    assert "Traceback" not in logs


def first_start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`qorgau run` in an empty folder, as on a fresh machine: no DATA_KEY, default DATA_DIR."""
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    return run_qorgau(tmp_path, {**clean, **env})


def assert_one_line_and_nothing_written(result: subprocess.CompletedProcess[str],
                                        folder: Path, *words: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0]
    assert "data key" not in result.stderr
    assert list(folder.iterdir()) == []  # no data folder, no key, no database


def test_a_refused_token_writes_nothing(api: ThreadedServer, tmp_path: Path) -> None:
    result = first_start(tmp_path, BOT_TOKEN="123456:not-the-bots-token",
                         TELEGRAM_API_URL=api.url)
    assert_one_line_and_nothing_written(result, tmp_path, "BOT_TOKEN", "refused")


def test_a_url_that_is_not_a_bot_api_writes_nothing(tmp_path: Path) -> None:
    class Nginx(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = b"<html><body><h1>Welcome to nginx!</h1></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Nginx)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = first_start(tmp_path, BOT_TOKEN="123456:token",
                             TELEGRAM_API_URL=f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
    assert_one_line_and_nothing_written(result, tmp_path, "TELEGRAM_API_URL",
                                        "does not answer like a Bot API")


def test_a_bad_setting_writes_nothing(api: ThreadedServer, tmp_path: Path) -> None:
    result = first_start(tmp_path, BOT_TOKEN=api.tg.token, TELEGRAM_API_URL=api.url,
                         ASSESSMENT_EDITION="no-such-edition")
    assert_one_line_and_nothing_written(result, tmp_path, "no-such-edition")
    result = first_start(tmp_path, BOT_TOKEN=api.tg.token, TELEGRAM_API_URL=api.url,
                         REDIS_URL="redis://127.0.0.1:1/0")
    assert_one_line_and_nothing_written(result, tmp_path, "REDIS_URL", "does not answer")


def test_a_first_start_writes_the_key_once_the_database_opened(api: ThreadedServer,
                                                               tmp_path: Path) -> None:
    api.tg.user(ADMIN, "Admin", "ru")
    key_file = tmp_path / "secrets" / "data.key"  # a first start creates the key it is given
    bot = start_bot(api, tmp_path / "data", extra_env={"DATA_KEY_FILE": str(key_file)})
    bot.stop()
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert key_file.parent.stat().st_mode & 0o777 == 0o700
    assert "created a new data key" in bot.logs()
