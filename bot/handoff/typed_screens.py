"""The calm note for a message typed where no answer is expected, and the screen after it is
sent to the defender. Short: on a phone someone else may see, fewer words are better."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.handoff.callbacks import TypedSend
from bot.kit import keyboards
from bot.kit.callbacks import Screen
from bot.kit.i18n import Translator
from bot.kit.keyboards import Row, button


def paragraphs(*parts: object) -> str:
    return "\n\n".join(str(p) for p in parts if p)


def note_text(t: Translator, count: int, *, case: bool, defenders: bool) -> str:
    """Nothing was sent; the screen above is where the person still is; the ways on."""
    if count == 0:  # an unknown command: nothing to send
        return paragraphs(t("typed-command"), t("typed-where"))
    offer = ("typed-offer-case" if case else "typed-offer-new") if defenders \
        else "typed-offer-none"
    return paragraphs(t("typed-kept", count=count), t("typed-where"), t(offer, count=count))


def note_keyboard(t: Translator, count: int, *, case: bool,
                  defenders: bool) -> InlineKeyboardMarkup:
    """One way to a person (the message itself with a case open; else the request, or the
    hotlines without a defenders' group), and the safety row's 🆘 and 🚪. No menu button:
    the screen above, where the person was, has its own."""
    rows: list[Row] = []
    if count and case:
        rows.append([button(t("btn-typed-send", count=count), TypedSend(c=count))])
    elif count and defenders:
        rows.append([keyboards.go(t, "btn-defender", Screen.DEFENDER)])
    elif count:
        rows.append([keyboards.go(t, "btn-talk", Screen.TALK)])
    return keyboards.screen(t, rows, menu=False)


def sent_text(t: Translator, count: int, case_id: int) -> str:
    return paragraphs(t("typed-sent", count=count, case=case_id), t("typed-sent-next"))


def sent_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return keyboards.back_to_menu(t)
