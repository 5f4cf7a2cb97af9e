"""The keyboards of the rights and of the guidance."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.guidance.callbacks import RightsPage
from bot.kit.callbacks import (
    GuidePage,
    Screen,
)
from bot.kit.i18n import Translator
from bot.kit.keyboards import button, go, pages, prev_next, screen

Row = list[InlineKeyboardButton]


def rights_index(t: Translator, titles: Sequence[str]) -> InlineKeyboardMarkup:
    return screen(t, pages(titles, RightsPage))


def rights_section(t: Translator, index: int, count: int) -> InlineKeyboardMarkup:
    nav = prev_next(t, index, count, RightsPage)
    return screen(t, [nav, [go(t, "btn-rights-all", Screen.RIGHTS)]])


def guide_index(t: Translator, kinds: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup:
    return screen(t, [[button(title, GuidePage(k=kind_id, s=-1))] for kind_id, title in kinds])


def guide_kind(t: Translator, kind_id: str, titles: Sequence[str]) -> InlineKeyboardMarkup:
    rows = pages(titles, GuidePage, k=kind_id)
    rows.append([go(t, "btn-guide-all", Screen.GUIDE)])
    return screen(t, rows)


def guide_section(t: Translator, kind_id: str, index: int, count: int) -> InlineKeyboardMarkup:
    nav = prev_next(t, index, count, GuidePage, k=kind_id)
    return screen(t, [nav, [button(t("btn-guide-kind"), GuidePage(k=kind_id, s=-1))]])
