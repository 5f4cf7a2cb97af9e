"""Logs without people in them: every record, ours and every library's, is scrubbed as it is
made, before any handler or formatter sees it.

- Numbers of five digits or more (Telegram user and chat ids, also inside exception texts such
  as "Flood control exceeded … in chat 123456789" or `StorageKey(user_id=…)`) become a keyed
  hash (storage.crypto.Sealer.pseudonym): the same id gives the same token across lines, so an
  operator can follow one conversation, but nobody without the data key can go back to the id.
- Values pydantic quotes in validation errors (`input_value='…'`, what a person typed) and
  @usernames are cut out.
- The traceback is formatted and scrubbed here too, then dropped from the record, so no handler
  formats the raw exception again.

Our own log lines never carry message text, names or usernames in the first place; this is the
net under them (tests/test_log_privacy.py and the check after every end-to-end test).
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from typing import Any

ID = re.compile(r"(?<![\w.#])-?\d{5,}(?![\w.])")
QUOTED_INPUT = re.compile(r"input_value=(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[^,\]]*)")
USERNAME = re.compile(r"(?<![\w@])@[A-Za-z]\w{3,31}\b")

Pseudonym = Callable[[str], str]
_pseudonym: Pseudonym | None = None
_formatter = logging.Formatter()


def scrub(text: str, pseudonym: Pseudonym) -> str:
    text = QUOTED_INPUT.sub("input_value=…", text)
    text = USERNAME.sub("@…", text)
    return ID.sub(lambda m: pseudonym(m.group(0).lstrip("-")), text)


def install(pseudonym: Callable[[Any], str]) -> None:
    """Scrub every log record of this process from now on (calling again changes the key)."""
    global _pseudonym
    first = _pseudonym is None
    _pseudonym = pseudonym
    if first:
        make = logging.getLogRecordFactory()

        def scrubbed(*args: Any, **kwargs: Any) -> logging.LogRecord:
            return _scrub_record(make(*args, **kwargs))

        logging.setLogRecordFactory(scrubbed)


def _scrub_record(record: logging.LogRecord) -> logging.LogRecord:
    pseudonym = _pseudonym
    if pseudonym is None:
        return record
    try:
        record.msg, record.args = scrub(record.getMessage(), pseudonym), ()
    except Exception:  # a malformed format string: keep the record, not its arguments
        record.msg, record.args = scrub(str(record.msg), pseudonym), ()
    if record.exc_info:
        record.exc_text = scrub(_formatter.formatException(record.exc_info), pseudonym)
        record.exc_info = None
    if record.stack_info:
        record.stack_info = scrub(record.stack_info, pseudonym)
    return record


class JsonFormatter(logging.Formatter):
    """LOG_FORMAT=json: one JSON object a line (time, level, logger, message, and the
    traceback as `exc`), for log collectors. Records are already scrubbed when they get here."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_text:
            entry["exc"] = record.exc_text
        elif record.exc_info:  # a record made before install(): format it here
            entry["exc"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False)


JsonFormatter.converter = time.gmtime  # type: ignore[assignment]
