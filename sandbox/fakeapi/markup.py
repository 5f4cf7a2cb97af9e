"""reply_markup validation with Telegram's errors, and the inline buttons it yields."""

from __future__ import annotations

from typing import Any

from .errors import bad_request
from .models import Button

# Exactly one of these must be present on an inline button.
ACTION_FIELDS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
)
_BUTTON = "can't parse InlineKeyboardButton"
_URL_SCHEMES = ("http://", "https://", "tg://", "ton://")


def parse_markup(markup: Any) -> tuple[dict[str, Any] | None, list[list[Button]]]:
    """Validate reply_markup; return it (normalised) and its inline buttons."""
    if markup is None:
        return None, []
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        return markup, _inline_rows(markup["inline_keyboard"])
    if "keyboard" in markup:
        _check_reply_keyboard(markup["keyboard"])
        return markup, []
    if markup.get("remove_keyboard") or markup.get("force_reply"):
        return markup, []
    raise bad_request("can't parse reply keyboard markup JSON object")


def _inline_rows(rows: Any) -> list[list[Button]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array")
    return [[_inline_button(raw) for raw in row] for row in rows]


def _inline_button(raw: Any) -> Button:
    if not isinstance(raw, dict):
        raise bad_request(f"{_BUTTON}: expected an Object")
    if "text" not in raw:
        raise bad_request(f'{_BUTTON}: Can\'t find field "text"')
    text = raw["text"]
    if not isinstance(text, str):
        raise bad_request(f'{_BUTTON}: Field "text" must be of type String')
    if not text.strip():
        raise bad_request("BUTTON_TEXT_EMPTY")
    # Telegram treats empty callback_data/url as absent.
    actions = [f for f in ACTION_FIELDS if f in raw and raw[f] is not None
               and not (f in ("callback_data", "url") and raw[f] == "")]
    if not actions:
        raise bad_request(f"{_BUTTON}: Text buttons are not allowed in the inline keyboard")
    if len(actions) > 1:
        # Stricter than Telegram (which silently picks one): two actions is always a bug.
        raise bad_request(f"{_BUTTON}: exactly one of {', '.join(actions)} must be used")
    data = raw.get("callback_data")
    if data is not None and (not isinstance(data, str) or not 1 <= len(data.encode()) <= 64):
        raise bad_request("BUTTON_DATA_INVALID")
    url = raw.get("url")
    if url is not None and (not isinstance(url, str) or not url.startswith(_URL_SCHEMES)
                            or " " in url):
        raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")
    return Button(text=text, callback_data=data, url=url)


def _check_reply_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("field \"keyboard\" of the ReplyKeyboardMarkup must be an Array")
    for row in rows:
        for button in row:
            text = button if isinstance(button, str) else (button or {}).get("text")
            if not isinstance(text, str) or not text:
                raise bad_request("can't parse keyboard button: Field \"text\" must be non-empty")
