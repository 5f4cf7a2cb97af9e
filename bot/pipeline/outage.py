"""Outages of what the bot depends on (the database, Redis, the Bot API): told once, waited out.

A loop that meets an outage reports it here and waits with back-off before it tries again
(`Outages.outlast`), so the bot stays up and resumes by itself: an update waits in the inbox,
never answered with an apology. Each outage is one WARNING line when it begins and one INFO
line when it ends, however many loops and updates meet it; /readyz reads what is down.

What counts as an outage is an error that says the dependency cannot be reached or cannot
write now (refused or dropped connections, a server shutting down or starting up, a full
disk); anything else (a bug, a refused statement) is not waited out but handled where it is.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from dialogs.loggable import Safe

log = logging.getLogger(__name__)

DATABASE, REDIS, BOT_API = "database", "redis", "bot_api"
FIRST_WAIT, MAX_WAIT = 0.5, 5.0  # seconds between tries: doubles from the first up to the max
# A failure this soon after a recovery continues the outage it ended (a server starting up
# answers some connections before others): no second pair of lines.
SETTLE = 10.0
# SQLite's errors that mean "not now" rather than "never": a full disk, a failing disk, a lock
# held longer than busy_timeout.
_SQLITE_TRANSIENT = ("database or disk is full", "disk i/o error", "database is locked",
                     "unable to open database file")

T = TypeVar("T")


def _asyncpg_outage(exc: BaseException) -> bool:
    asyncpg = sys.modules.get("asyncpg")  # the scale path's: only if it was imported
    if asyncpg is None:
        return False
    errors = asyncpg.exceptions
    if isinstance(exc, errors.ClientConfigurationError):  # a bad setting, not an outage
        return False
    # InternalClientError: what asyncpg raises when a connection's protocol broke off (a
    # server stopped mid-message, seen while PostgreSQL shut down); a try on a new connection
    # tells whether it was more.
    return isinstance(exc, errors.PostgresConnectionError | errors.InterfaceError
                      | errors.OperatorInterventionError | errors.InsufficientResourcesError
                      | errors.InternalClientError)


def _redis_outage(exc: BaseException) -> bool:
    redis_errors = sys.modules.get("redis.exceptions")
    return redis_errors is not None and isinstance(
        exc, redis_errors.ConnectionError | redis_errors.TimeoutError)


def dependency_of(exc: BaseException) -> str | None:
    """Which dependency this error says is away for now, or None when it is no outage.

    A bare OSError (a refused connection, a timeout) is the database's: asyncpg raises them
    as they are, while Redis's client and aiogram wrap theirs."""
    seen = 0
    error: BaseException | None = exc
    while error is not None and seen < 4:  # an error raised from one of these is one too
        if _redis_outage(error):
            return REDIS
        if _asyncpg_outage(error) or isinstance(error, OSError):
            return DATABASE
        if isinstance(error, sqlite3.OperationalError) and \
                str(error).lower().startswith(_SQLITE_TRANSIENT):
            return DATABASE
        error, seen = error.__cause__ or error.__context__, seen + 1
    return None


@dataclass
class Down:
    since: float  # monotonic seconds
    error: str  # the error's class name, never its text
    recovered_at: float | None = None


class _LibraryRetries(logging.Filter):
    """asyncpg's pool logs each failed try to refill itself, with a traceback: the outage is
    told here once instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        # By where it was logged: its text is already our description (bot/pipeline/logs.py)
        return record.funcName != "_maintain_min_size"


def quiet_library_retries() -> None:
    pool_log = logging.getLogger("asyncpg.pool")
    if not any(isinstance(f, _LibraryRetries) for f in pool_log.filters):
        pool_log.addFilter(_LibraryRetries())


class Outages:
    def __init__(self) -> None:
        self._down: dict[str, Down] = {}
        quiet_library_retries()

    def failed(self, dependency: str, exc: BaseException) -> None:
        """Something found `dependency` away: the first to find it says so."""
        now = time.monotonic()
        down = self._down.get(dependency)
        if down is not None and (down.recovered_at is None or now - down.recovered_at < SETTLE):
            down.recovered_at = None  # still (or again, at once) the same outage
            return
        self._down[dependency] = Down(now, type(exc).__name__)
        log.warning("%s unavailable (%s): waiting for it to return; updates wait in the inbox",
                    Safe(dependency), exc)

    def recovered(self, dependency: str) -> None:
        down = self._down.get(dependency)
        if down is None or down.recovered_at is not None:
            return
        down.recovered_at = time.monotonic()
        log.info("%s is back after %.0f s", Safe(dependency), down.recovered_at - down.since)

    def down(self) -> dict[str, Down]:
        """What is away now (for /readyz)."""
        return {name: d for name, d in self._down.items() if d.recovered_at is None}

    def is_down(self, dependency: str) -> bool:
        return dependency in self.down()

    def wait_for(self, dependency: str) -> float:
        """Seconds to wait before the next try: longer the longer it has been away."""
        down = self._down.get(dependency)
        away = 0.0 if down is None else time.monotonic() - down.since
        return min(MAX_WAIT, max(FIRST_WAIT, away / 4))

    async def outlast(self, attempt: Callable[[], Awaitable[T]]) -> T:
        """`attempt()` until it succeeds, waiting out outages; any other error is raised."""
        failed: set[str] = set()
        while True:
            try:
                result = await attempt()
            except Exception as exc:
                dependency = dependency_of(exc)
                if dependency is None:
                    raise
                failed.add(dependency)
                self.failed(dependency, exc)
                await asyncio.sleep(self.wait_for(dependency))
                continue
            for dependency in failed:
                self.recovered(dependency)
            return result
