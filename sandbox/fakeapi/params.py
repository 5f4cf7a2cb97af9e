"""Typed access to method parameters, whichever way the client encoded them.

JSON bodies carry native values; form and query-string bodies carry strings, with complex
fields JSON-encoded and booleans as "true"/"false" (that is what aiogram sends).
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from .errors import bad_request

# Form bodies carry every value as a string; the call log shows these ones typed.
_INT_FIELDS = frozenset({
    "chat_id", "from_chat_id", "message_id", "message_thread_id", "user_id", "offset", "limit",
    "timeout", "cache_time", "icon_color", "reply_to_message_id",
})
_BOOL_FIELDS = frozenset({
    "show_alert", "disable_notification", "protect_content", "drop_pending_updates",
    "allow_sending_without_reply", "disable_web_page_preview", "has_spoiler",
})


class Params:
    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw

    def __contains__(self, name: str) -> bool:
        return self.raw.get(name) not in (None, "")

    def text(self, name: str, default: str | None = None) -> str | None:
        value = self.raw.get(name)
        if value is None:
            return default
        return value if isinstance(value, str) else json.dumps(value)

    def integer(self, name: str, default: int | None = None) -> int | None:
        value = self.raw.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            raise bad_request(f"invalid {name} specified")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def require_int(self, name: str, missing: str | None = None) -> int:
        value = self.integer(name)
        if value is None:
            raise bad_request(missing or f"{name} is empty")
        return value

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.raw.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        return str(value).lower() in ("true", "1")

    def obj(self, name: str) -> Any:
        """A complex field (object or array): decoded if it arrived as a JSON string."""
        value = self.raw.get(name)
        if isinstance(value, str):
            if value == "":
                return None
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value

    def chat_id(self, name: str = "chat_id") -> int | str:
        """Chat ids are ints, or "@username" strings for public chats."""
        value = self.raw.get(name)
        if value is None or value == "":
            raise bad_request(f"{name} is empty")
        if isinstance(value, str) and value.startswith("@"):
            return value
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None

    def loggable(self) -> dict[str, Any]:
        """Parameters with JSON-in-strings decoded, for the call log."""
        out: dict[str, Any] = {}
        for key, value in self.raw.items():
            if isinstance(value, str) and value[:1] in ("[", "{"):
                with contextlib.suppress(ValueError):
                    value = json.loads(value)
            elif isinstance(value, str) and key in _INT_FIELDS:
                with contextlib.suppress(ValueError):
                    value = int(value)
            elif isinstance(value, str) and key in _BOOL_FIELDS:
                value = value.lower() in ("true", "1")
            out[key] = value
        return out
