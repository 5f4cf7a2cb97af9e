"""The buttons of safe contact: "not now" under a defender's message, the screen a person who
paused contact meets when they come back, and their contact settings (sound, safe hours)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.kit import keyboards
from bot.kit.callbacks import ContactAction, ContactPress, Screen
from bot.kit.i18n import Translator
from dialogs.contact import SAFE_HOURS, describe


def _button(text: str, action: ContactAction, value: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=ContactPress(a=action, v=value).pack())


def not_now(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[_button(t("btn-contact-not-now"),
                                                          ContactAction.NOT_NOW)]])


def paused(t: Translator, waiting: int) -> InlineKeyboardMarkup:
    rows = [[_button(t("btn-contact-safe"), ContactAction.SAFE)]]
    if waiting:
        rows.append([_button(t("btn-contact-drop"), ContactAction.DROP)])
    rows.append(keyboards.safety_row(t))
    return InlineKeyboardMarkup(inline_keyboard=rows)


def settings(t: Translator, sound: bool, window: tuple[int, int] | None,
             ) -> InlineKeyboardMarkup:
    mark = "● "

    def hours(key: str, label: str, chosen: bool) -> InlineKeyboardButton:
        return _button((mark if chosen else "") + label, ContactAction.HOURS, key)

    return InlineKeyboardMarkup(inline_keyboard=[
        [_button(t("btn-contact-sound-on" if not sound else "btn-contact-sound-off"),
                 ContactAction.SOUND)],
        [hours("any", t("btn-contact-any-time"), window is None)],
        [hours(key, describe(span), window == span) for key, span in SAFE_HOURS.items()],
        [keyboards.go(t, "btn-menu", Screen.MENU)],
    ])
