"""Telegram's text limits, counted as Telegram counts them (UTF-16 code units)."""

from __future__ import annotations

import html
import re

TEXT_LIMIT, CAPTION_LIMIT = 4096, 1024


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


_TAG = re.compile(r"<[^>]*>")


def shown_len(html_text: str) -> int:
    """An HTML message's length as Telegram counts it: what is shown, tags and entities
    parsed (a person's "<&>", escaped, is 3 characters, not 13)."""
    return utf16_len(html.unescape(_TAG.sub("", html_text)))
