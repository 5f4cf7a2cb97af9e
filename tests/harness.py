"""Drive the real bot process against the fake Bot API, and play the people who use it.

Fixtures (tests/conftest.py) call the factories at the bottom: start_fake_api(), start_bot().
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from bot.settings import default_key_file
from sandbox.fakeapi import (
    DEFAULT_TOKEN,
    FakeMessage,
    FakeTelegram,
    ThreadedServer,
    running_in_thread,
)
from storage.crypto import Sealer, is_sealed, load_or_create_key
from storage.ids import ID_KEY, open_id_key
from tests.databases import e2e_database_url, query
from tests.log_check import distinctive_username
from tests.spawner import ForkedProcess, Spawner, fresh_processes

REPO_ROOT = Path(__file__).resolve().parents[1]
BOT_COMMAND = (sys.executable, "-m", "bot", "run")
# Settings a developer's shell might export; tests must not inherit them.
_FALLBACK_SETTINGS = (
    "BOT_TOKEN", "TELEGRAM_API_URL", "DATA_DIR", "DATABASE_URL", "DEFENDERS_CHAT_ID",
    "ADMIN_IDS", "LOG_LEVEL", "LEGAL_DIR",
)


def _settings_names() -> set[str]:
    try:
        from bot.settings import Settings
    except Exception:  # the bot may not import yet; the fixed list still protects
        return set(_FALLBACK_SETTINGS)
    return {name.upper() for name in Settings.model_fields} | set(_FALLBACK_SETTINGS)


class BotProcess:
    """The bot started exactly as in production: `python -m bot run` with env settings."""

    def __init__(self, api_url: str, data_dir: Path | str, token: str = DEFAULT_TOKEN,
                 extra_env: dict[str, str] | None = None, tg: FakeTelegram | None = None,
                 command: Sequence[str] = BOT_COMMAND) -> None:
        self.api_url = api_url
        self.data_dir = Path(data_dir).resolve()
        self.token = token
        self.extra_env = dict(extra_env or {})
        self.tg = tg  # needed by start(wait=True) to see the bot polling
        self.command = list(command)
        self.stdout_path = self.data_dir / "bot.stdout.log"
        self.stderr_path = self.data_dir / "bot.stderr.log"
        self._proc: subprocess.Popen[bytes] | ForkedProcess | None = None
        self._starts = 0
        self.checked_up_to = 0  # how much of the logs the privacy check has read
        # QORGAU_TEST_DATABASE_URL=postgresql://…: this bot's database is a schema of its own
        # there (kept across restarts, dropped when the tests end); else a SQLite file.
        self.database_url = e2e_database_url(self.data_dir)

    started: ClassVar[list[BotProcess]] = []  # every real bot run, for the log privacy check

    @classmethod
    def for_server(cls, server: ThreadedServer, data_dir: Path | str, **kwargs: Any,
                   ) -> BotProcess:
        return cls(server.url, data_dir, token=server.tg.token, tg=server.tg, **kwargs)

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in _settings_names()}
        env.update({
            "BOT_TOKEN": self.token,
            "TELEGRAM_API_URL": self.api_url,
            "DATA_DIR": str(self.data_dir),
            "DATABASE_URL": self.database_url,
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",  # logs reach the files even if the bot is killed
        })
        scale = os.environ.get("QORGAU_E2E_REDIS_URL")
        if scale:  # the whole suite on the scale path: every bot keeps its dialogs in Redis
            env["REDIS_URL"] = scale
            env["REDIS_PREFIX"] = self.redis_prefix
        env.update(self.extra_env)
        return env

    @property
    def redis_prefix(self) -> str:
        """Keys of its own in a shared test Redis, the same across this bot's restarts."""
        return "qorgau-e2e-" + hashlib.sha256(str(self.data_dir).encode()).hexdigest()[:12]

    @property
    def redis_url(self) -> str | None:
        """The Redis this bot keeps its dialogs in, if any (the scale path)."""
        return self.env().get("REDIS_URL")

    def stored_dialog(self, user_id: int) -> dict[str, Any] | None:
        """The data of a person's dialog in their own chat as stored (and sealed: checked),
        in the database or in Redis; None when nothing is stored."""
        if self.redis_url:
            return asyncio.run(self._dialog_in_redis(user_id))
        rows = self.query("SELECT data FROM fsm_state WHERE chat_id = ? AND user_id = ?",
                          (self.keyed_id(user_id),) * 2)
        if not rows:
            return None
        assert is_sealed(rows[0][0])
        data: dict[str, Any] = json.loads(self.sealer().open(rows[0][0]))
        return data

    async def _dialog_in_redis(self, user_id: int) -> dict[str, Any] | None:
        from redis.asyncio import Redis

        from storage.redis_fsm import RedisDialogs

        assert self.redis_url is not None
        redis = Redis.from_url(self.redis_url)
        try:
            prefix = f"{self.env()['REDIS_PREFIX']}:fsm"
            dialogs = RedisDialogs(redis, self.sealer(), 1, prefix=prefix)
            found = await dialogs.private_dialog(user_id)
            return found[1] if found else None
        finally:
            await redis.aclose()

    @property
    def database(self) -> Path | str:
        """Where the bot's database is, for storage.db.open_database: its SQLite file, or its
        PostgreSQL URL."""
        if self.database_url.startswith("sqlite:///"):
            return Path(self.database_url.removeprefix("sqlite:///"))
        return self.database_url

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows from the bot's database as it stands (committed), on SQLite or PostgreSQL:
        for tests that look at what the bot stored. `?` parameters on both."""
        return query(self.database, sql, params)

    def settle(self, tg: FakeTelegram, quiet: float = 0.3, timeout: float = 15.0) -> None:
        """Every update fetched and handled (its inbox row gone), and the bot then quiet for
        `quiet` s. Quiet alone cannot tell that an update which makes no call (a defender's
        note to colleagues) was handled."""
        def pending() -> bool:  # each look is a connection: a few a second at most
            return self.query("SELECT COUNT(*) FROM inbox WHERE state = 'pending'") != [(0,)]

        tg.wait_idle(quiet=quiet)
        deadline = time.monotonic() + timeout * tg.patience
        if not pending():
            return  # the usual case: handled before the quiet ended
        while pending():
            if time.monotonic() >= deadline:
                raise TimeoutError(f"updates still being handled after {timeout} s")
            time.sleep(0.05)
        tg.wait_idle(quiet=quiet)  # what the last ones sent

    def sealer(self) -> Sealer:
        """The bot's data key, to read what it sealed."""
        env = self.env()
        if env.get("DATA_KEY"):
            return Sealer(env["DATA_KEY"])
        return Sealer(load_or_create_key(Path(env["DATA_KEY_FILE"]) if env.get("DATA_KEY_FILE")
                                         else default_key_file()))

    def keyed_id(self, user_id: int) -> int:
        """How the bot's rows name a person or their private chat: a keyed hash of the id, with
        the id key stored sealed in the database (storage.ids)."""
        [(stored,)] = self.query("SELECT value FROM bot_state WHERE name = ?", (ID_KEY,))
        sealer = self.sealer()
        return sealer.with_id_key(open_id_key(sealer, stored)).keyed_id(user_id)

    def start(self, wait: bool = True, timeout: float = 60.0) -> BotProcess:
        """Spawn the bot; with wait, return once it polls getUpdates (or raise with its logs)."""
        if self.running:
            raise RuntimeError("the bot is already running")
        if wait and self.tg is None:
            raise ValueError("start(wait=True) needs tg=FakeTelegram to watch for polling")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._starts += 1
        if self.command == list(BOT_COMMAND) and self not in BotProcess.started:
            BotProcess.started.append(self)
        webhook = bool(self.extra_env.get("WEBHOOK_URL"))
        mark = (len(self.tg.calls_to("setWebhook")) if webhook else self.tg.mark()) \
            if self.tg else 0
        with self.stdout_path.open("ab") as out, self.stderr_path.open("ab") as err:
            for f in (out, err):
                f.write(f"\n===== start #{self._starts} =====\n".encode())
                f.flush()
            if self.forkable:
                self._proc = Spawner.get().spawn(self.command[3:], self.env(), REPO_ROOT,
                                                 self.stdout_path, self.stderr_path)
            else:
                self._proc = subprocess.Popen(self.command, cwd=REPO_ROOT, env=self.env(),
                                              stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        if wait:
            if webhook:
                self._wait_webhook(mark, timeout)
            else:
                self._wait_polling(mark, timeout)
        return self

    @property
    def forkable(self) -> bool:
        """`python -m bot …` starts as a fork of the pre-imported spawner (tests/spawner.py)."""
        return self.command[:3] == list(BOT_COMMAND[:3]) and not fresh_processes()

    def _wait_webhook(self, mark: int, timeout: float) -> None:
        """Webhook mode: until the bot's setWebhook succeeded (its server listens by then)."""
        assert self.tg is not None
        deadline = time.monotonic() + timeout
        while not [c for c in self.tg.calls_to("setWebhook")[mark:] if c.status == 200]:
            if self.returncode is not None:
                raise RuntimeError(f"the bot exited with code {self.returncode} before "
                                   f"setWebhook\n{self.logs()}")
            if time.monotonic() >= deadline:
                raise TimeoutError(f"the bot did not set its webhook within {timeout} s"
                                   f"\n{self.logs()}")
            time.sleep(0.02)

    def _wait_polling(self, mark: int, timeout: float) -> None:
        assert self.tg is not None
        deadline = time.monotonic() + timeout
        while self.tg.mark() <= mark:
            if self.returncode is not None:
                raise RuntimeError(f"the bot exited with code {self.returncode} before polling"
                                   f"\n{self.logs()}")
            if time.monotonic() >= deadline:
                raise TimeoutError(f"the bot did not call getUpdates within {timeout} s"
                                   f"\n{self.logs()}")
            time.sleep(0.02)

    def stop(self, timeout: float = 25.0) -> int | None:
        """SIGTERM and wait for a graceful exit; SIGKILL and raise if it hangs."""
        if self._proc is None or self.returncode is not None:
            return self.returncode
        self._proc.send_signal(signal.SIGTERM)
        try:
            return self._proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise TimeoutError(f"the bot ignored SIGTERM for {timeout} s\n{self.logs()}") from None

    def kill(self) -> int | None:
        """SIGKILL: a crash, with no chance to clean up."""
        if self._proc is not None and self.returncode is None:
            self._proc.kill()
            self._proc.wait(10)
        return self.returncode

    @property
    def returncode(self) -> int | None:
        return None if self._proc is None else self._proc.poll()

    @property
    def running(self) -> bool:
        return self._proc is not None and self.returncode is None

    @property
    def pid(self) -> int | None:
        return None if self._proc is None else self._proc.pid

    def logs(self) -> str:
        """Everything the bot printed, for failure messages."""
        parts = []
        for name, path in (("stdout", self.stdout_path), ("stderr", self.stderr_path)):
            text = path.read_text(errors="replace") if path.exists() else ""
            parts.append(f"----- bot {name} -----{text}")
        return "\n".join(parts)

    def __enter__(self) -> BotProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.running:
            self.stop()


class Person:
    """Someone using the bot in a private chat; every action waits for the bot to go idle."""

    def __init__(self, tg: FakeTelegram, user_id: int, language_code: str | None = "ru",
                 first_name: str = "Aigerim", username: str | None = None,
                 quiet: float = 0.2, timeout: float = 10.0,
                 last_name: str = "Serikqyzy") -> None:
        self.tg = tg
        self.user_id = user_id
        self.user = tg.user(user_id, first_name, language_code,
                            username or distinctive_username(user_id), last_name=last_name)
        self.quiet, self.timeout = quiet, timeout
        self._last_query: str | None = None

    @property
    def chat_id(self) -> int:
        return self.user_id

    def wait_idle(self) -> None:
        self.tg.wait_idle(self.quiet, self.timeout)

    # -- acting ---------------------------------------------------------------------------
    def send(self, text: str, wait: bool = True) -> dict[str, Any]:
        before = len(self.tg.calls)
        message = self.tg.send_text(self.user, text)
        if wait:
            self.wait_reply(before)
        return message

    def send_media(self, kind: str, caption: str | None = None, wait: bool = True,
                   content: bytes | None = None) -> dict[str, Any]:
        before = len(self.tg.calls)
        message = self.tg.send_media(self.user, kind, caption, content=content)
        if wait:
            self.wait_reply(before)
        return message

    def wait_reply(self, calls_before: int, patience: float = 3.0) -> None:
        """Wait for the bot's first call about this chat (a message gets no "answered" signal
        as a press does; on a loaded machine a handler may be slow to start), then for quiet.
        A message the bot rightly ignores costs `patience` seconds."""
        def replied() -> bool:
            return any(str(c.params.get("chat_id")) == str(self.chat_id)
                       for c in self.tg.calls[calls_before:])

        with contextlib.suppress(TimeoutError):  # silence may be right: not scaled
            self.tg.wait_for(replied, timeout=patience, patient=False)
        self.wait_idle()

    def edit(self, message_id: int, text: str, wait: bool = True) -> dict[str, Any]:
        message = self.tg.edit_text(self.user, message_id, text)
        if wait:
            self.wait_idle()
        return message

    def press(self, label: str, message_id: int | None = None, wait: bool = True) -> str:
        """Press the inline button labelled `label` (exact, else a unique substring)."""
        msg = self._keyboard_message(message_id)
        button = _pick_button(msg, label)
        return self.press_data(button, msg.message_id, wait)

    def press_data(self, data: str | None, message_id: int, wait: bool = True) -> str:
        """Press with arbitrary callback data, as a forged client could."""
        query = self._last_query = self.tg.press(self.user, message_id, data)
        if wait:
            # The bot answers a press after its handler is done: a sure sign, where the quiet
            # period alone can end early when a handler is slow to make its first call.
            self.tg.wait_for(lambda: query in self.tg.callback_answers, timeout=self.timeout)
            self.wait_idle()
        return query

    def block(self) -> None:
        self.tg.block(self.user_id)
        self.wait_idle()

    def unblock(self) -> None:
        self.tg.unblock(self.user_id)
        self.wait_idle()

    # -- looking --------------------------------------------------------------------------
    def history(self, include_deleted: bool = False) -> list[FakeMessage]:
        return self.tg.history(self.chat_id, include_deleted=include_deleted)

    def bot_messages(self) -> list[FakeMessage]:
        return self.tg.bot_messages(self.chat_id)

    def bot_texts(self) -> list[str]:
        return [m.text for m in self.bot_messages()]

    @property
    def screen(self) -> FakeMessage | None:
        """The latest visible bot message."""
        messages = self.bot_messages()
        return messages[-1] if messages else None

    @property
    def buttons(self) -> list[str]:
        """Labels of the inline buttons on the screen, row by row, flattened."""
        screen = self.screen
        return screen.labels if screen else []

    @property
    def callback_answer(self) -> str | None:
        """Text of the bot's answerCallbackQuery to this person's last press."""
        if self._last_query is None:
            return None
        answer = self.tg.callback_answers.get(self._last_query)
        return answer["text"] if answer else None

    def _keyboard_message(self, message_id: int | None) -> FakeMessage:
        if message_id is not None:
            msg = self.tg.message(self.chat_id, message_id)
            if msg is None or msg.deleted:
                raise LookupError(f"message {message_id} is not in the chat (or was deleted)")
            return msg
        for msg in reversed(self.bot_messages()):
            if msg.buttons:
                return msg
        raise LookupError(f"no bot message with inline buttons; bot said: {self.bot_texts()!r}")


def _pick_button(msg: FakeMessage, label: str) -> str | None:
    """The callback data of the one button matching label (exact first, then substring)."""
    buttons = [b for row in msg.buttons for b in row]
    matches = [b for b in buttons if b.text == label] or \
        [b for b in buttons if label.casefold() in b.text.casefold()]
    if len(matches) != 1:
        problem = "no button" if not matches else f"{len(matches)} buttons"
        raise LookupError(f"{problem} matching {label!r} on message {msg.message_id}; "
                          f"visible: {[b.text for b in buttons]!r}")
    if matches[0].callback_data is None:
        raise LookupError(f"button {matches[0].text!r} is not a callback button "
                          f"(url={matches[0].url!r})")
    return matches[0].callback_data


# -- factories for fixtures -----------------------------------------------------------------
def free_port() -> int:
    """A TCP port nobody listens on right now (for the bot's webhook or metrics server)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_qorgau(cwd: Path, env: dict[str, str], timeout: float = 60, *, fresh: bool = False,
               command: str = "run", input: str = "") -> subprocess.CompletedProcess[str]:
    """`qorgau <command>` to its end, with `input` as its standard input and its output
    captured: a fork of the pre-imported spawner, or a new interpreter (`fresh`, or
    QORGAU_TEST_FRESH_PROCESS=1)."""
    if not (fresh or fresh_processes()):
        return Spawner.get().run([command], env, cwd, timeout=timeout, input=input)
    return subprocess.run([sys.executable, "-m", "bot", command], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout, input=input)


def spawn_qorgau(cwd: Path, env: dict[str, str], stderr: Path,
                 ) -> subprocess.Popen[bytes] | ForkedProcess:
    """`qorgau run` left running (stop it with terminate() and wait()); its stderr to a file."""
    if not fresh_processes():
        return Spawner.get().spawn(["run"], env, cwd, stderr.with_suffix(".stdout"), stderr)
    with stderr.open("wb") as err:
        return subprocess.Popen(list(BOT_COMMAND), cwd=cwd, env=env,
                                stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL)


def start_fake_api(tg: FakeTelegram | None = None) -> ThreadedServer:
    """A fake Bot API served from a background thread; call .stop() when done."""
    return running_in_thread(tg)


def start_bot(server: ThreadedServer, data_dir: Path | str,
              extra_env: dict[str, str] | None = None, wait: bool = True) -> BotProcess:
    """The real bot, started against `server` and polling; call .stop() when done."""
    return BotProcess.for_server(server, data_dir, extra_env=extra_env).start(wait=wait)
