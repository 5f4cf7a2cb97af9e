"""Settings from the environment and an optional `.env` file.

Every setting is validated here, so a wrong value stops start-up with one line that names it
instead of failing later, deep in a handler.
"""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from dialogs import organisations, working_hours

PUBLIC_API_URL = "https://api.telegram.org"
TOKEN_PATTERN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{3,}$")
# What Telegram accepts as a webhook's secret_token (sent back in a header with every update).
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
LISTEN_PATTERN = re.compile(
    r"^(?:\[(?P<v6>[0-9A-Fa-f:.]+)\]|(?P<host>[A-Za-z0-9.-]+)):(?P<port>\d{1,5})$")


def parse_listen(value: str) -> tuple[str, int]:
    """host:port (or [v6]:port) to listen on; port 1-65535."""
    match = LISTEN_PATTERN.match(value.strip())
    port = int(match["port"]) if match else 0
    if match is None or not 1 <= port <= 65535:
        raise ValueError("expected host:port to listen on, like 127.0.0.1:8080 or 0.0.0.0:8443")
    return match["v6"] or match["host"], port


def check_key(key: str) -> None:
    """A data key is 32 random bytes in url-safe base64 (what `qorgau newkey` prints)."""
    try:
        raw = base64.urlsafe_b64decode(key.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raw = b""
    if len(raw) != 32:
        raise ValueError("expected 32 bytes in url-safe base64, as `python -m bot newkey` prints")


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one line for the operator."""


def default_key_file() -> Path:
    """Where the data key is kept when neither DATA_KEY nor DATA_KEY_FILE is set: the user's
    config folder ($XDG_CONFIG_HOME, else ~/.config), away from the database and its backups."""
    base = os.environ.get("XDG_CONFIG_HOME")
    if not base:
        try:
            base = str(Path.home() / ".config")
        except RuntimeError:  # no HOME and no passwd entry (some service managers)
            raise SettingsError("setting DATA_KEY_FILE is missing: this user has no home "
                                "folder to keep the data key in; name a file outside the "
                                "database's folder") from None
    return Path(base) / "qorgau" / "data.key"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    telegram_api_url: str = PUBLIC_API_URL
    data_dir: Path = Path("data")
    database_url: str | None = None
    defenders_chat_id: int | None = None
    # The language of the case summaries and the bot's notices in the defenders' group.
    defenders_language: Literal["kk", "ru", "en"] = "ru"
    # A case nobody has taken is announced again in the group after this many minutes.
    case_remind_minutes: int = Field(default=30, ge=1)
    case_remind_urgent_minutes: int = Field(default=10, ge=1)
    # The defenders' working hours, told to people (dialogs/working_hours.py): unset, none are
    # announced. The time zone they are in, and the dates they do not work.
    defenders_hours: str | None = None
    defenders_timezone: str = "Asia/Almaty"
    defenders_holidays: str | None = None
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    # Several organisations, each with its own group, places, languages and hours
    # (dialogs/organisations.py, texts/organisations.example.toml). Unset: DEFENDERS_CHAT_ID
    # and DEFENDERS_HOURS are one organisation for every place. Set with DEFENDERS_CHAT_ID:
    # cases opened before the file was used belong to the organisation with that group.
    organisations_file: Path | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Legal content: which edition of each document to show, and an optional folder where an
    # organisation keeps newer edition files (looked up before the shipped ones).
    assessment_edition: str = "kz2014"
    rights_edition: str = "ssl2008"
    guidance_edition: str = "app3"
    legal_dir: Path | None = None
    # Dialogs (such as unfinished answers) untouched for this many days are deleted.
    dialog_retention_days: int = Field(default=30, ge=1)
    # Closed cases, their relay maps and audit trail are deleted this many days after closing.
    case_retention_days: int = Field(default=90, ge=1)
    # The key that encrypts what people wrote (Fernet: 32 bytes, url-safe base64). Unset: read
    # from (or created on first start in) DATA_KEY_FILE, by default in the user's config folder:
    # never beside the database (bot/custody.py).
    data_key: SecretStr | None = None
    data_key_file: Path | None = None
    # Earlier keys, comma-separated, still accepted for reading while `qorgau rekey` runs.
    data_keys_old: Annotated[tuple[SecretStr, ...], NoDecode] = ()
    # Flood limit per person: a burst of this many updates, refilled at this rate per second.
    flood_burst: int = Field(default=30, ge=1)
    flood_rate: float = Field(default=3.0, gt=0)
    # Messages a second the bot sends in all (Telegram allows about 30): inline replies first,
    # the outbound queue (defenders' group, broadcast) with what is left.
    send_rate: float = Field(default=28.0, gt=0, le=30)
    # Going past one machine: Redis for the dialogs, the send budget, the flood limit and the
    # membership cache, shared by every replica (redis://host:6379/0). Unset: all in-process.
    redis_url: SecretStr | None = None
    # The start of every key the bot writes in Redis: two deployments may share one Redis.
    redis_prefix: str = Field(default="qorgau", pattern=r"^[A-Za-z0-9_.-]{1,40}$")
    # On SIGTERM, seconds to let updates in progress finish; the rest wait for the next start.
    shutdown_grace: float = Field(default=10.0, ge=0, le=120)
    # Webhook mode (set WEBHOOK_URL; long polling is the default): Telegram POSTs updates to
    # WEBHOOK_URL with WEBHOOK_SECRET in a header; the bot listens on WEBHOOK_LISTEN (behind
    # the TLS proxy that WEBHOOK_URL names) and lets Telegram open WEBHOOK_MAX_CONNECTIONS.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1:8080"
    webhook_max_connections: int = Field(default=40, ge=1, le=100)
    # /healthz, /readyz and /metrics on their own host:port (unset: off in polling mode, on
    # the webhook's server in webhook mode).
    metrics_listen: str | None = None
    # Log lines as text (the default) or one JSON object per line; scrubbed either way.
    log_format: Literal["text", "json"] = "text"

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not TOKEN_PATTERN.match(value.get_secret_value()):
            raise ValueError("expected the token from @BotFather, like 123456:ABC-def")
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _url_shape(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("expected an http(s) URL such as https://api.telegram.org")
        return value.rstrip("/")

    @field_validator("redis_url")
    @classmethod
    def _redis_url_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.match(r"^(rediss?|unix)://\S+$", value.get_secret_value()):
            raise ValueError("expected a URL such as redis://127.0.0.1:6379/0")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not re.match(r"^https?://[^\s/?#]+(/[^\s#]*)?$", value):
            raise ValueError("expected the public https URL Telegram will POST updates to, "
                             "like https://bot.example.org/telegram")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not SECRET_PATTERN.match(value.get_secret_value()):
            raise ValueError("expected 1-256 characters A-Z, a-z, 0-9, _ and -, "
                             "such as the output of: openssl rand -hex 32")
        return value

    @field_validator("webhook_listen", "metrics_listen")
    @classmethod
    def _listen(cls, value: str | None) -> str | None:
        if value:
            parse_listen(value)
        return value or None

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("WEBHOOK_SECRET is missing: webhook mode needs a secret of 1-256 "
                             "characters A-Z, a-z, 0-9, _ and -, such as the output of: "
                             "openssl rand -hex 32")
        return self

    @property
    def webhook_path(self) -> str:
        """The path of WEBHOOK_URL, where the bot's server takes updates."""
        return urlsplit(self.webhook_url or "").path or "/"

    @field_validator("defenders_chat_id")
    @classmethod
    def _supergroup_id(cls, value: int | None) -> int | None:
        if value is not None and value >= 0:
            raise ValueError("expected the supergroup's id, which is negative, like -1001234567890")
        return value

    @field_validator("organisations_file")
    @classmethod
    def _organisations(cls, value: Path | None) -> Path | None:
        if value is not None:
            read_organisations(value)
        return value

    @model_validator(mode="after")
    def _older_cases_group(self) -> Settings:
        if self.organisations_file is not None and self.defenders_chat_id is not None and \
                self.defenders_chat_id not in {o.chat_id for o in self.organisations()}:
            raise ValueError("DEFENDERS_CHAT_ID names the group of cases opened before "
                             "ORGANISATIONS_FILE: it must be one of the organisations' groups")
        return self

    @field_validator("defenders_hours")
    @classmethod
    def _hours(cls, value: str | None) -> str | None:
        if value is not None and value.strip():
            working_hours.parse_week(value)
        return value

    @field_validator("defenders_timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        working_hours.parse_zone(value)
        return value

    @field_validator("defenders_holidays")
    @classmethod
    def _holidays(cls, value: str | None) -> str | None:
        working_hours.parse_holidays(value)
        return value

    @field_validator("data_key")
    @classmethod
    def _fernet_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            check_key(value.get_secret_value())
        return value

    @field_validator("data_keys_old", mode="before")
    @classmethod
    def _old_keys(cls, value: object) -> object:
        if isinstance(value, str):
            keys = [k.strip() for k in value.split(",") if k.strip()]
            for key in keys:
                check_key(key)
            return tuple(SecretStr(k) for k in keys)
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _comma_separated_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            if not all(re.fullmatch(r"\d{1,20}", p) for p in parts):
                raise ValueError("expected Telegram user ids separated by commas, like 111,222")
            return frozenset(int(p) for p in parts)
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str | None) -> str | None:
        if value is None or value.startswith("sqlite:///"):
            return value
        if value.startswith(("postgresql://", "postgres://")):
            try:
                parts = urlsplit(value)
                parts.port  # noqa: B018 - raises ValueError for a port that is not a number
            except ValueError:
                parts = None
            if parts is not None and parts.hostname and parts.path.strip("/"):
                return value
            raise ValueError("expected postgresql://user:password@host:5432/database")
        raise ValueError("expected sqlite:///path/to/file.db or "
                         "postgresql://user:password@host:5432/database")

    @property
    def postgres(self) -> bool:
        """DATABASE_URL names a PostgreSQL server (storage/postgres.py)."""
        return self.database_url is not None and not self.database_url.startswith("sqlite:///")

    @property
    def database(self) -> Path | str:
        """What storage.db.open_database opens: the SQLite file, or the PostgreSQL URL."""
        if self.database_url is not None and self.postgres:
            return self.database_url
        return self.sqlite_path

    @property
    def sqlite_path(self) -> Path:
        """The SQLite file named by DATABASE_URL (default: qorgau.db in DATA_DIR)."""
        url = self.database_url or f"sqlite:///{self.data_dir / 'qorgau.db'}"
        if not url.startswith("sqlite:///"):
            raise SettingsError("setting DATABASE_URL names PostgreSQL, not a SQLite file")
        return Path(url.removeprefix("sqlite:///"))

    @property
    def key_file(self) -> Path:
        """DATA_KEY_FILE, or data.key in the user's config folder (default_key_file)."""
        return self.data_key_file or default_key_file()

    def working_hours(self) -> working_hours.WorkingHours | None:
        """The defenders' hours (None: DEFENDERS_HOURS unset, no hours announced)."""
        return working_hours.parse(self.defenders_hours, self.defenders_timezone,
                                   self.defenders_holidays)

    def organisations(self) -> list[organisations.Organisation]:
        """The organisations that read requests (none: no group is configured)."""
        if self.organisations_file is not None:
            return read_organisations(self.organisations_file)
        if self.defenders_chat_id is None:
            return []
        return [organisations.single(self.defenders_chat_id, self.working_hours())]

    def require_token(self) -> str:
        if self.bot_token is None:
            raise SettingsError(
                "setting BOT_TOKEN is missing: set it to the token from @BotFather "
                "(or try the bot without one: python -m bot sandbox)"
            )
        return self.bot_token.get_secret_value()


def read_organisations(path: Path) -> list[organisations.Organisation]:
    """ORGANISATIONS_FILE read and checked; every problem in it named on one line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read {path} ({exc.__class__.__name__})") from None
    orgs, problems = organisations.parse(text)
    if problems:
        raise ValueError(f"{len(problems)} problem(s) in {path}: "
                         + "; ".join(str(p) for p in problems))
    return orgs


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning pydantic's report into one line that names the setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        reason = str(error["msg"]).removeprefix("Value error, ")
        if not error["loc"]:  # a rule between settings: the reason names them
            raise SettingsError(f"setting {reason}") from None
        name = str(error["loc"][0]).upper()
        raise SettingsError(f"setting {name} is malformed: {reason}") from None
