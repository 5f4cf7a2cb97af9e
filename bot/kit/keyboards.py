"""Inline keyboards. Every screen ends with the safety row: emergency numbers and quick exit."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.kit.callbacks import (
    ContactAction,
    ContactPress,
    Go,
    NewsAction,
    NewsPress,
    PickLanguage,
    QuickExit,
    Screen,
)
from bot.kit.i18n import Translator

Row = list[InlineKeyboardButton]


def button(text: str, data: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=str(text), callback_data=data.pack())  # type: ignore[attr-defined]


def go(t: Translator, label_id: str, to: Screen) -> InlineKeyboardButton:
    return button(t(label_id), Go(to=to))


def safety_row(t: Translator, *, sos: bool = True) -> Row:
    """Emergency numbers and quick exit; the numbers' own screen leaves out 🆘 (it is there)."""
    exit_button = button(t("btn-exit"), QuickExit())
    return [go(t, "btn-sos", Screen.SOS), exit_button] if sos else [exit_button]


def screen(t: Translator, rows: Sequence[Row], *, menu: bool = True, sos: bool = True,
           ) -> InlineKeyboardMarkup:
    """The screen's own rows, a way back to the menu, then the safety row."""
    keyboard = [list(r) for r in rows if r]
    if menu:
        keyboard.append([go(t, "btn-menu", Screen.MENU)])
    keyboard.append(safety_row(t, sos=sos))
    return InlineKeyboardMarkup(inline_keyboard=keyboard)


LANGUAGE_LABELS = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


def languages(t: Translator, *, menu: bool, greeting: bool = False) -> InlineKeyboardMarkup:
    """The chooser speaks to someone whose language is not known yet: every button is labelled
    in Kazakh, Russian and English, one to a row so the long labels are not cut."""
    rows = [[button(label, PickLanguage(code=code, greeting=greeting))
             for code, label in LANGUAGE_LABELS.items()]]
    if menu:
        rows.append([go(t, "btn-menu-trilingual", Screen.MENU)])
    rows += [[go(t, "btn-sos-trilingual", Screen.SOS)],
             [button(t("btn-exit-trilingual"), QuickExit())]]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def danger_question(t: Translator) -> InlineKeyboardMarkup:
    return screen(t, [[go(t, "btn-danger-yes", Screen.SOS)],
                      [go(t, "btn-danger-no", Screen.SAFE_NOW)],
                      [go(t, "btn-language-trilingual", Screen.GREETING_LANGUAGE)]], menu=False)


def talk_rows(t: Translator, defenders: bool) -> list[Row]:
    """One way to a person from a screen that recommends one: the social defender when the
    defenders' group is set, else the hotlines (which 🆘 also lists, so nothing is lost)."""
    if defenders:
        return [[go(t, "btn-defender", Screen.DEFENDER)]]
    return [[go(t, "btn-talk", Screen.TALK)]]


MENU_ROWS = 8  # with the safety row: what a small phone shows without scrolling


def main_menu(t: Translator, resume_label: str | None) -> InlineKeyboardMarkup:
    """What most people come for, in at most MENU_ROWS rows, so 🆘 and 🚪 stay in sight on a
    small phone; the settings-like entries wait behind "More". One way to a person: the talk
    screen offers the social defender (when the group is set) and the hotlines together, so
    the menu is the same with or without the defenders' group."""
    assess = (button(resume_label, Go(to=Screen.RESUME)) if resume_label
              else go(t, "btn-assess", Screen.ASSESS))
    rows = [
        [assess],
        [go(t, "btn-red-flags", Screen.RED_FLAGS), go(t, "btn-plan", Screen.PLAN)],
        [go(t, "btn-rights", Screen.RIGHTS), go(t, "btn-guide", Screen.GUIDE)],
        [go(t, "btn-talk", Screen.TALK)],
        [go(t, "btn-directory", Screen.DIRECTORY), go(t, "btn-journal", Screen.JOURNAL)],
        [go(t, "btn-someone", Screen.SOMEONE)],
        [go(t, "btn-more", Screen.MORE)],
    ]
    return screen(t, rows, menu=False)


def more_menu(t: Translator) -> InlineKeyboardMarkup:
    """The less used entries of the menu: hiding the chat, news, language, notifications and
    safe hours, the person's data."""
    rows = [
        [go(t, "btn-trace", Screen.HIDE)],
        [button(t("btn-news"), NewsPress(act=NewsAction.OPEN))],
        [go(t, "btn-language", Screen.LANGUAGE)],
        [button(t("btn-contact-settings"), ContactPress(a=ContactAction.SETTINGS))],
        [go(t, "btn-mydata", Screen.MYDATA)],
        [go(t, "btn-forget", Screen.FORGET)],
        [go(t, "btn-back", Screen.MENU)],
    ]
    return screen(t, rows, menu=False)


def after_numbers(t: Translator, resume_label: str | None) -> InlineKeyboardMarkup:
    rows = [[button(resume_label, Go(to=Screen.RESUME))]] if resume_label else []
    rows.append([go(t, "btn-continue", Screen.MENU)])
    return screen(t, rows, menu=False, sos=False)  # this is the 🆘 screen


def pages(titles: Sequence[str], make: type, **fixed: object) -> list[Row]:
    """One button per section, one to a row: Kazakh titles are long for a phone's width."""
    return [[button(f"{i + 1}. {title}", make(s=i, **fixed))] for i, title in enumerate(titles)]


def prev_next(t: Translator, index: int, count: int, make: type, **fixed: object) -> Row:
    nav = []
    if index > 0:
        nav.append(button(t("btn-prev"), make(s=index - 1, **fixed)))
    if index + 1 < count:
        nav.append(button(t("btn-next"), make(s=index + 1, **fixed)))
    return nav


def back_to_menu(t: Translator) -> InlineKeyboardMarkup:
    return screen(t, [])


def talk(t: Translator, defenders: bool) -> InlineKeyboardMarkup:
    return screen(t, [[go(t, "btn-defender", Screen.DEFENDER)]] if defenders else [])
