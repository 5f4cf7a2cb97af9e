"""Logs that cannot leak: an allow-list applied to every log record of the process, ours and
every library's, as it is made (a LogRecord factory), before any handler or formatter sees it.

- Our own records (loggers bot.*, storage.*, dialogs.*) keep their constant format string;
  each argument is shown by its kind (dialogs/loggable.py): numbers, exception classes, paths,
  `Hashed` ids and `Safe` strings. Anything else, a plain `str` above all, becomes
  "‹withheld str›" (the tests fail on that marker: it is a log call to fix).
- A library's record (aiogram, aiohttp, asyncio, asyncpg, redis, aiosqlite…) keeps its logger
  name and level; its message is a fixed description of ours for a known event
  (bot/pipeline/log_events.py), else the code location it was logged at. Its text and
  arguments, which may quote a response or an update, are never printed.
- An exception, anyone's, is shown as the class names of its chain and their frames
  (file, line, function), with a fixed description for known classes: never its message
  (aiogram's ClientDecodeError quotes the whole response it could not decode).
- Integers of five digits or more and `Hashed` ids become a keyed hash (Sealer.pseudonym):
  the same id gives the same token across lines, so an operator can follow one conversation,
  but nobody without the data key can go back to the id. Before the key is known, "#…".
"""

from __future__ import annotations

import json
import logging
import re
import sys
import threading
import time
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from bot.pipeline.log_events import describe_exception, library_message, reduced_traceback
from dialogs.loggable import WITHHELD, Hashed, Safe

OURS = ("bot", "storage", "dialogs")
BIG = 10_000  # from here on an int may be a Telegram id: shown hashed
CONVERSION = re.compile(r"%(\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa]")

Pseudonym = Callable[[Any], str]
_pseudonym: Pseudonym | None = None
_installed = False
_original_factory = logging.getLogRecordFactory()


def install(pseudonym: Pseudonym | None = None) -> None:
    """Apply the allow-list to every log record of this process from now on; `pseudonym`
    hashes ids (calling again sets the key). Uncaught exceptions are logged through it too,
    so Python's own traceback printing cannot show an exception's text."""
    global _pseudonym, _installed
    if pseudonym is not None or not _installed:
        _pseudonym = pseudonym
    if _installed:
        return
    _installed = True
    make = logging.getLogRecordFactory()

    def allowed(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return _allow(make(*args, **kwargs))

    logging.setLogRecordFactory(allowed)
    # Python's warnings quote what they warn about (aiogram's "unknown update type" prints the
    # whole update): through logging, and so through the allow-list, instead of to stderr.
    logging.captureWarnings(True)
    sys.excepthook = _uncaught
    threading.excepthook = lambda hook: _uncaught(hook.exc_type, hook.exc_value,
                                                  hook.exc_traceback)


def uninstall() -> None:
    """Back to the plain record factory (tests that installed it for themselves)."""
    global _pseudonym, _installed
    logging.setLogRecordFactory(_original_factory)
    logging.captureWarnings(False)
    sys.excepthook, threading.excepthook = sys.__excepthook__, threading.__excepthook__
    _pseudonym, _installed = None, False


def _uncaught(kind: type[BaseException], value: BaseException | None, tb: Any) -> None:
    logging.getLogger("bot").critical("ended by an uncaught exception (%s)", kind,
                                      exc_info=(kind, value, tb))


def hashed(value: int) -> str:
    pseudonym = _pseudonym
    return pseudonym(abs(int(value))) if pseudonym else "#…"


def shown(value: object) -> object:
    """An argument of our own log call, as it may be printed."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Hashed):
        return hashed(value)
    if isinstance(value, int):
        return hashed(value) if abs(value) >= BIG else int(value)
    if isinstance(value, float):
        return value
    if isinstance(value, Safe):
        return str(value)
    if isinstance(value, BaseException):
        return type(value).__name__
    if isinstance(value, type) and issubclass(value, BaseException):
        return value.__name__
    if isinstance(value, PurePath):
        return str(value)
    return f"{WITHHELD} {type(value).__name__}›"


def our_message(msg: object, args: Any) -> str:
    if isinstance(msg, BaseException):
        return describe_exception(msg)
    if not isinstance(msg, str):
        return f"{WITHHELD} {type(msg).__name__}›"
    if not args:
        return msg
    if isinstance(args, dict):  # logging's "%(name)s" form
        values: Any = {k: shown(v) for k, v in args.items()}
    else:
        values = tuple(shown(v) for v in (args if isinstance(args, tuple) else (args,)))
    try:
        return msg % values
    except (TypeError, ValueError, KeyError):  # "%d" given a hash: every value as %s
        texts = {k: str(v) for k, v in values.items()} if isinstance(values, dict) \
            else tuple(str(v) for v in values)
        try:
            return _as_strings(msg) % texts
        except (TypeError, ValueError, KeyError):
            return f"{msg} ‹arguments do not fit the format›"


def _as_strings(msg: str) -> str:
    return CONVERSION.sub(lambda m: f"%{m.group(1) or ''}s", msg)


def is_ours(logger_name: str) -> bool:
    return logger_name.split(".", 1)[0] in OURS


def _allow(record: logging.LogRecord) -> logging.LogRecord:
    try:
        if is_ours(record.name):
            record.msg = our_message(record.msg, record.args)
        else:
            record.msg = library_message(record, shown)
    except Exception:  # never lose the line, nor let the log call raise
        record.msg = f"a log record could not be reduced at {record.module}:{record.lineno}"
    record.args = ()
    if record.exc_info:
        record.exc_text = reduced_traceback(record.exc_info[1])
        record.exc_info = None
    if record.stack_info:
        record.stack_info = "\n".join(line for line in record.stack_info.splitlines()
                                      if line.lstrip().startswith(("File ", "Stack ")))
    return record


class JsonFormatter(logging.Formatter):
    """LOG_FORMAT=json: one JSON object a line (time, level, logger, message, and the reduced
    traceback as `exc`), for log collectors. Records are already reduced when they get here."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_text:
            entry["exc"] = record.exc_text
        elif record.exc_info:  # a record made before install(): reduce it here
            entry["exc"] = reduced_traceback(record.exc_info[1])
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False)


JsonFormatter.converter = time.gmtime  # type: ignore[assignment]
