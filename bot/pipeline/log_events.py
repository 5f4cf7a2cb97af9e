"""What the allow-list (bot/pipeline/logs.py) prints for records and exceptions that are not
ours: a fixed description per known library event and per known exception class.

A library's format string is matched only to pick our description; it is never printed, nor
are its arguments, except numbers we know the meaning of (an update id, a duration), passed
through the same rule as ours (`shown`: a long number becomes a keyed hash).
"""

from __future__ import annotations

import errno
import logging
import os
import re
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from dialogs.loggable import telegram_reason

Shown = Callable[[object], object]
IDENTIFIER = re.compile(r"[a-z][a-z0-9_]{0,63}")


@dataclass(frozen=True)
class Event:
    logger: str  # a logger name, or the start of one ("aiogram.")
    starts: str  # how the library's format string (or preformatted text) starts
    text: str  # ours: "{0}" … pick the library's argument by position, "{exc}" its class

    def matches(self, record: logging.LogRecord, template: str) -> bool:
        return (record.name == self.logger or record.name.startswith(self.logger)) \
            and template.startswith(self.starts)


EVENTS = (
    Event("aiogram.event", "Update id=%s is %s", "update {0} {1} in {2} ms"),
    Event("aiogram.event", "Cause exception while process update",
          "update {0}: a handler raised {exc}"),
    Event("aiogram.event", "Failed to make answer", "the answer to a webhook failed ({exc})"),
    Event("aiogram.dispatcher", "Failed to fetch updates", "polling: getUpdates failed ({exc})"),
    Event("aiogram.dispatcher", "Sleep for", "polling: waiting {0} s before trying again"),
    Event("aiogram.dispatcher", "Connection established", "polling: connected again"),
    Event("aiogram.dispatcher", "Start polling", "polling started"),
    Event("aiogram.dispatcher", "Run polling", "polling started"),
    Event("aiogram.dispatcher", "Polling stopped", "polling stopped"),
    Event("aiogram.dispatcher", "Received ", "a stop signal received"),
    Event("aiogram.middlewares", "Answer to callback query", "a button press answered"),
    Event("aiogram.webhook", "Blocking request", "webhook: a request from an unknown address"),
    Event("asyncio", "Task exception was never retrieved",
          "a task failed and nobody awaited it ({exc})"),
    Event("asyncio", "Future exception was never retrieved",
          "a future failed and nobody awaited it ({exc})"),
    Event("asyncio", "Task was destroyed but it is pending", "a task was dropped unfinished"),
    Event("asyncio", "Unclosed client session", "an HTTP client session was not closed"),
    Event("asyncio", "Unclosed connector", "an HTTP connector was not closed"),
    Event("asyncio", "Unclosed connection", "an HTTP connection was not closed"),
    Event("asyncio", "Exception in callback", "a callback raised {exc}"),
    Event("asyncio", "Unhandled exception", "an event loop error ({exc})"),
    Event("asyncio", "Executing ", "a slow callback held the event loop"),
    Event("aiohttp.server", "Error handling request", "http: a request failed ({exc})"),
    Event("aiohttp.server", "Unhandled exception", "http: a request failed ({exc})"),
    Event("aiohttp.access", "", "http: a request served"),
    Event("aiosqlite", "exception occurred while closing", "sqlite: closing failed ({exc})"),
    Event("asyncpg.pool", "Failed to restore the pool connection",
          "postgresql: a pooled connection could not be reset ({exc})"),
    Event("asyncpg.pool", "Pool.close() is taking", "postgresql: closing the pool is slow"),
)


def library_message(record: logging.LogRecord, shown: Shown) -> str:
    """Our description of a library's record: a known event, or where it was logged."""
    template = record.msg if isinstance(record.msg, str) else ""
    args: Sequence[Any] = record.args if isinstance(record.args, tuple) else ()
    error = record.exc_info[1] if record.exc_info else next(
        (a for a in args if isinstance(a, BaseException)), None)
    for event in EVENTS:
        if event.matches(record, template):
            picked = [_library_arg(a, shown) for a in args]
            return event.text.format(*picked, *[""] * 9, exc=_class(error))
    where = f"{os.path.basename(record.pathname)}:{record.lineno} ({record.funcName})"
    return f"an unlisted event at {where}" + (f" ({_class(error)})" if error else "")


def _library_arg(value: object, shown: Shown) -> object:
    """A library's argument we print only when it is a number, or aiogram's two words."""
    if isinstance(value, bool):
        return "?"
    if isinstance(value, float):
        return round(value)
    if isinstance(value, int):
        return shown(value)
    return value if value in ("handled", "not handled") else "?"


def _class(error: BaseException | None) -> str:
    return type(error).__name__ if error is not None else "no exception"


def describe_exception(exc: BaseException) -> str:
    """`module.Class: fixed description` (or just the class), never the exception's text."""
    kind = type(exc)
    name = kind.__qualname__ if kind.__module__ == "builtins" \
        else f"{kind.__module__}.{kind.__qualname__}"
    detail = _detail(exc)
    return f"{name}: {detail}" if detail else name


def _detail(exc: BaseException) -> str:
    mro = {c.__name__ for c in type(exc).__mro__}
    if "ClientDecodeError" in mro:
        return "the Bot API's answer could not be decoded (its content is not logged)"
    if "TelegramRetryAfter" in mro:
        return f"retry after {int(getattr(exc, 'retry_after', 0))} s"
    if "TelegramMigrateToChat" in mro:
        return "the group became a supergroup"
    if "TelegramNetworkError" in mro:
        return "the Bot API could not be reached"
    if "TelegramAPIError" in mro:
        return telegram_reason(getattr(exc, "message", None))
    if "ValidationError" in mro and hasattr(exc, "errors"):
        return _validation(exc)
    sqlite_code = getattr(exc, "sqlite_errorname", None)
    if isinstance(sqlite_code, str) and sqlite_code.isupper():
        return sqlite_code
    sqlstate = getattr(exc, "sqlstate", None)
    if isinstance(sqlstate, str) and sqlstate.isalnum() and len(sqlstate) == 5:
        return f"SQLSTATE {sqlstate}"
    if isinstance(exc, OSError) and isinstance(exc.errno, int):
        return errno.errorcode.get(exc.errno, f"errno {exc.errno}")
    return ""


def _validation(exc: Any) -> str:
    try:
        kinds = sorted({str(e.get("type")) for e in exc.errors()})
    except Exception:
        return "a validation error"
    kinds = [k for k in kinds if IDENTIFIER.fullmatch(k)]
    return f"{len(exc.errors())} problem(s): {', '.join(kinds[:5])}"


def reduced_traceback(exc: BaseException | None, limit: int = 8) -> str:
    """A traceback as Python prints it, each exception line replaced by describe_exception():
    frames and classes show where it happened, nothing shows what was in it."""
    if exc is None:
        return ""
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    link = ""
    while current is not None and id(current) not in seen and len(chain) < limit:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, "direct cause"
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, "context"
        else:
            current = None
    parts: list[str] = []
    for error, link_to_next in reversed(chain):
        parts.append(_one(error))
        if link_to_next == "direct cause":
            parts.append("\nThe above exception was the direct cause of the following "
                         "exception:\n\n")
        elif link_to_next == "context":
            parts.append("\nDuring handling of the above exception, another exception "
                         "occurred:\n\n")
    return "".join(parts).rstrip("\n")


def _one(error: BaseException) -> str:
    lines = []
    if error.__traceback__ is not None:
        lines.append("Traceback (most recent call last):\n")
        for frame in traceback.extract_tb(error.__traceback__):
            lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}\n')
    lines.append(describe_exception(error) + "\n")
    for inner in getattr(error, "exceptions", ())[:5]:  # an ExceptionGroup's members
        if isinstance(inner, BaseException):
            lines.append(f"  + {describe_exception(inner)}\n")
    return "".join(lines)
