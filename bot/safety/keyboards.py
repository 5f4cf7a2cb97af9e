"""/forget's keyboard: erase, keep, or see what is kept."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.kit.callbacks import (
    Screen,
)
from bot.kit.i18n import Translator
from bot.kit.keyboards import button, go, screen
from bot.safety.callbacks import EraseConfirm

Row = list[InlineKeyboardButton]


def erase_confirm(t: Translator) -> InlineKeyboardMarkup:
    return screen(t, [[button(t("btn-erase-yes"), EraseConfirm(yes=True))],
                      [button(t("btn-erase-no"), EraseConfirm(yes=False))],
                      [go(t, "btn-mydata", Screen.MYDATA)]], menu=False)
