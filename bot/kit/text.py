"""Telegram's text limits, counted as Telegram counts them (UTF-16 code units)."""

from __future__ import annotations

TEXT_LIMIT, CAPTION_LIMIT = 4096, 1024


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
