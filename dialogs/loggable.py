"""What a log line may carry: the kinds of value bot/pipeline/logs.py lets through.

Our own log calls pass a constant format string and arguments of these kinds only:

- int, float, bool, None: counts, durations, row ids (an int of five digits or more is shown
  as a keyed hash all the same, in case it is a Telegram id);
- an exception or exception class: only its class name is shown, never its text;
- a `pathlib.Path` (configuration, not a person);
- `Hashed(telegram_id)`: always shown as its keyed hash;
- `Safe("…")`: a string our code vouches for: a constant, a worker, method or kind name, a
  reason from `telegram_reason()`. Never wrap a value that came from an update or a response.

Any other argument (a plain `str` above all) is shown as "‹withheld str›", and the tests fail
on that marker. Our enums are not let through by kind: some hold what a person answered
(dialogs.scoring.Answer, dialogs.handoff.Contact); wrap one in `Safe` where it is ours to tell.
Pure: imported by every layer, storage included.
"""

from __future__ import annotations

import re

WITHHELD = "‹withheld"


class Safe(str):
    """A string declared free of anything a person wrote or is."""

    __slots__ = ()


class Hashed(int):
    """A Telegram user or chat id: logged as its keyed hash, whatever its size."""

    __slots__ = ()


# What Telegram says in an error's description, by phrase. A description is printed only as
# the phrase it starts with (or as an UPPER_CASE code): some go on to quote the request
# ("can't parse entities: Unsupported start tag "…"", "button URL '…' is invalid").
TELEGRAM_PHRASES = tuple(sorted((
    "message is not modified", "message to edit not found", "message can't be edited",
    "message to delete not found", "message can't be deleted", "message to copy not found",
    "message to forward not found", "message to be replied not found", "message to pin not found",
    "message to react not found", "message can't be forwarded", "message can't be copied",
    "message text is empty", "message is too long", "message must be non-empty",
    "message caption is too long", "there is no text in the message to edit",
    "there is no caption in the message to edit", "message identifiers are not specified",
    "too many message identifiers specified", "there are no messages to forward",
    "message thread not found", "chat not found", "user not found", "the chat is not a forum",
    "group chat was upgraded to a supergroup chat", "not enough rights to create a topic",
    "not enough rights to manage topics", "not enough rights to pin a message",
    "not enough rights to send text messages", "not enough rights", "need administrator rights",
    "have no rights to send a message", "bot was blocked by the user", "bot was kicked",
    "bot is not a member", "bot can't initiate conversation with a user",
    "bot can't send messages to bots", "user is deactivated", "query is too old",
    "can't parse entities", "can't parse", "unsupported parse_mode", "wrong file identifier",
    "invalid file_id", "file is too big", "retry after", "terminated by other getUpdates request",
    "injected error", "something unexpected", "wrong parameter action in request",
    "bad webhook", "method not found", "invalid", "client gone",
), key=len, reverse=True))  # longest first: the most precise phrase wins
STATUS_WORDS = ("Bad Request", "Forbidden", "Unauthorized", "Not Found", "Conflict",
                "Too Many Requests", "Internal Server Error", "Bad Gateway", "Gateway Timeout")
UPPER_CODE = re.compile(r"[A-Z][A-Z0-9_]{2,63}")


def telegram_reason(description: str | None) -> Safe:
    """The part of a Bot API error description that may be logged: its status words and the
    known phrase it starts with, or an UPPER_CASE code; else "an unlisted description"."""
    text = (description or "").strip()
    status, _, rest = text.partition(": ")
    if status not in STATUS_WORDS:
        status, rest = "", text
    if not rest:
        return Safe(status if status in STATUS_WORDS else "no description")
    code = rest.split(":", 1)[0].strip()
    lower = rest.lower()
    found = code if UPPER_CODE.fullmatch(code) else next(
        (p for p in TELEGRAM_PHRASES if lower.startswith(p.lower())), "an unlisted description")
    return Safe(f"{status}: {found}" if status else found)
