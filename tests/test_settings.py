"""A bad or missing setting stops start-up with one clear line and exit code 2."""

from __future__ import annotations

import asyncio
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import SettingsError, default_key_file, load_settings
from sandbox.fakeapi import ThreadedServer
from storage.crypto import Sealer, new_key
from storage.db import SqliteDatabase
from tests.harness import run_qorgau, start_fake_api

TOKEN = "123456:TEST-token"
SETTING_NAMES = ("BOT_TOKEN", "TELEGRAM_API_URL", "DATABASE_URL", "DEFENDERS_CHAT_ID",
                 "ADMIN_IDS", "LOG_LEVEL", "DATA_DIR", "LEGAL_DIR", "ASSESSMENT_EDITION",
                 "DATA_KEY", "DATA_KEY_FILE", "DATA_KEYS_OLD")


@pytest.fixture(scope="module")
def api() -> Iterator[ThreadedServer]:
    """A Bot API that accepts the token: start-up gets past it to what a test looks at."""
    server = start_fake_api()
    yield server
    server.stop()


def run_bot(tmp_path: Path, *, fresh: bool = False, **env: str | None,
            ) -> subprocess.CompletedProcess[str]:
    """`qorgau run` with these settings (None: unset); DATA_KEY is set unless said otherwise.
    A fork of the pre-imported spawner (tests/spawner.py); `fresh`: a new interpreter."""
    clean = {k: v for k, v in os.environ.items() if k not in SETTING_NAMES}
    clean["DATA_KEY"] = new_key()  # no "created a key" line: the error is the only line
    merged = {k: v for k, v in {**clean, **env}.items() if v is not None}
    return run_qorgau(tmp_path, merged, fresh=fresh)


def assert_one_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


def test_missing_token(tmp_path: Path) -> None:
    # A new interpreter here, as an operator starts it: the import and the error path whole.
    assert_one_line(run_bot(tmp_path, fresh=True), "BOT_TOKEN", "missing")


def test_malformed_token(tmp_path: Path) -> None:
    assert_one_line(run_bot(tmp_path, BOT_TOKEN="not a token"), "BOT_TOKEN", "malformed")


def test_malformed_admin_ids(tmp_path: Path) -> None:
    assert_one_line(run_bot(tmp_path, BOT_TOKEN=TOKEN, ADMIN_IDS="12,abc"), "ADMIN_IDS")


def test_unwritable_database_path(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should be")
    result = run_bot(tmp_path, BOT_TOKEN=TOKEN, DATABASE_URL=f"sqlite:///{blocker}/sub/q.db")
    assert_one_line(result, "database", str(blocker))


def test_unsupported_database_url(tmp_path: Path) -> None:
    result = run_bot(tmp_path, BOT_TOKEN=TOKEN, DATABASE_URL="mysql://x")
    assert_one_line(result, "DATABASE_URL")


def test_unknown_edition(tmp_path: Path) -> None:
    result = run_bot(tmp_path, BOT_TOKEN=TOKEN, ASSESSMENT_EDITION="nope",
                     DATABASE_URL=f"sqlite:///{tmp_path}/q.db")
    assert_one_line(result, "ASSESSMENT_EDITION", "nope")


def test_unreachable_api(tmp_path: Path) -> None:
    result = run_bot(tmp_path, BOT_TOKEN=TOKEN, TELEGRAM_API_URL="http://127.0.0.1:9",
                     DATABASE_URL=f"sqlite:///{tmp_path}/q.db")
    assert_one_line(result, "TELEGRAM_API_URL", "127.0.0.1:9")


def test_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SETTING_NAMES:
        monkeypatch.delenv(name, raising=False)
    settings = load_settings(admin_ids="1, 22,333", telegram_api_url="http://x:8081/",
                             data_dir="/tmp/q")
    assert settings.admin_ids == {1, 22, 333}
    assert settings.telegram_api_url == "http://x:8081"
    assert str(settings.sqlite_path) == "/tmp/q/qorgau.db"
    with pytest.raises(SettingsError, match="LOG_LEVEL"):
        load_settings(log_level="LOUD")
    with pytest.raises(SettingsError, match="DEFENDERS_CHAT_ID"):
        load_settings(defenders_chat_id="group")
    with pytest.raises(SettingsError, match=r"DEFENDERS_CHAT_ID.*negative"):
        load_settings(defenders_chat_id="12345")


def test_malformed_data_key(tmp_path: Path) -> None:
    result = run_bot(tmp_path, BOT_TOKEN=TOKEN, DATA_KEY="letmein")
    assert_one_line(result, "DATA_KEY", "malformed", "32 bytes")


def test_a_data_key_that_does_not_open_the_database(tmp_path: Path, api: ThreadedServer,
                                                    ) -> None:
    written = SqliteDatabase(tmp_path / "data" / "qorgau.db", Sealer(new_key()))  # another key
    asyncio.run(written.connect())
    asyncio.run(written.close())
    result = run_bot(tmp_path, BOT_TOKEN=api.tg.token, TELEGRAM_API_URL=api.url)
    assert_one_line(result, "data key does not open the database", "DATA_KEY")
    # no DATA_KEY and no key file: a new key is not made (and then refused) for it
    without_key = run_bot(tmp_path, BOT_TOKEN=api.tg.token, TELEGRAM_API_URL=api.url,
                          DATA_KEY=None)
    assert_one_line(without_key, "data key does not open the database")
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["qorgau.db"]


def test_a_malformed_postgres_url(tmp_path: Path) -> None:
    result = run_bot(tmp_path, BOT_TOKEN=TOKEN, DATABASE_URL="postgresql://host:port/db")
    assert_one_line(result, "DATABASE_URL", "malformed", "postgresql://")
    result = run_bot(tmp_path, BOT_TOKEN=TOKEN, DATABASE_URL="mysql://localhost/q")
    assert_one_line(result, "DATABASE_URL", "malformed", "sqlite:///", "postgresql://")


def test_an_unreachable_postgres_server(tmp_path: Path, api: ThreadedServer) -> None:
    result = run_bot(tmp_path, BOT_TOKEN=api.tg.token, TELEGRAM_API_URL=api.url,
                     DATABASE_URL="postgresql://qorgau:s3cret@127.0.0.1:9/qorgau")
    assert_one_line(result, "cannot open the database", "127.0.0.1:9")
    assert "s3cret" not in result.stderr  # the password is never printed


def test_a_postgres_database_that_does_not_exist(tmp_path: Path, api: ThreadedServer) -> None:
    from tests.databases import require_postgres

    require_postgres()
    result = run_bot(tmp_path, BOT_TOKEN=api.tg.token, TELEGRAM_API_URL=api.url,
                     DATABASE_URL="postgresql://postgres@127.0.0.1:5432/no_such_database")
    assert_one_line(result, "cannot open the database", "no_such_database")


def test_postgres_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SETTING_NAMES:
        monkeypatch.delenv(name, raising=False)
    settings = load_settings(database_url="postgresql://q:pw@db.internal:5432/qorgau",
                             data_dir="/srv/q")
    assert settings.postgres and settings.database == "postgresql://q:pw@db.internal:5432/qorgau"
    assert settings.key_file == default_key_file()  # never beside the data
    with pytest.raises(SettingsError, match="PostgreSQL"):
        settings.sqlite_path  # noqa: B018
    assert not load_settings(data_dir="/tmp/q").postgres
