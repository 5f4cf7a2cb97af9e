"""The buttons on a case's summary in the defenders' topic, and their callback data."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator


class CaseAction(StrEnum):
    TAKE = "take"
    RELEASE = "rel"
    CLOSE = "close"
    REOPEN = "open"


class CasePress(CallbackData, prefix="cs"):
    c: int  # the case id
    a: CaseAction


def case_buttons(t: Translator, case_id: int, state: str) -> InlineKeyboardMarkup:
    """What can be done with the case in its state: take a new one, release or close a taken
    one, reopen a closed one."""
    def button(label: str, action: CaseAction) -> InlineKeyboardButton:
        return InlineKeyboardButton(text=str(t(label)),
                                    callback_data=CasePress(c=case_id, a=action).pack())

    rows = {
        "new": [[button("case-btn-take", CaseAction.TAKE),
                 button("case-btn-close", CaseAction.CLOSE)]],
        "taken": [[button("case-btn-release", CaseAction.RELEASE),
                   button("case-btn-close", CaseAction.CLOSE)]],
        "closed": [[button("case-btn-reopen", CaseAction.REOPEN)]],
    }[state]
    return InlineKeyboardMarkup(inline_keyboard=rows)
