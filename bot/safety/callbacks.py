"""/forget's button data: erase, or keep."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class EraseConfirm(CallbackData, prefix="f"):
    yes: bool
