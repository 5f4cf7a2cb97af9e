"""The trace tips' button data: a page."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class TracePage(CallbackData, prefix="tr"):
    s: int  # the page of the "keep this chat hidden" tips
    first: bool  # on first contact: the way on is "Skip"/"Got it" to the menu
