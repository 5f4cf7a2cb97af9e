"""The rights' button data: a section (the guidance's pages, which the assessment's result
links to, are bot.kit.callbacks.GuidePage)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class RightsPage(CallbackData, prefix="r"):
    s: int  # section index
