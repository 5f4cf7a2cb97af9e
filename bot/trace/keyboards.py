"""The trace tips' keyboard."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.kit.callbacks import (
    Screen,
)
from bot.kit.i18n import Translator
from bot.kit.keyboards import go, prev_next, screen
from bot.trace.callbacks import TracePage

Row = list[InlineKeyboardButton]


def trace_tips(t: Translator, index: int, count: int, *, first: bool) -> InlineKeyboardMarkup:
    """◀ ▶ between the pages; on first contact a way on to the menu on every page (Skip, then
    Got it on the last), else the usual way back to the menu."""
    rows = [prev_next(t, index, count, TracePage, first=first)]
    if first:
        done = "btn-trace-done" if index + 1 >= count else "btn-trace-skip"
        rows.append([go(t, done, Screen.MENU)])
    return screen(t, rows, menu=not first)
