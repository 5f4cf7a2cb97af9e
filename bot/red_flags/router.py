"""Red flags (/danger): six questions on signs of lethal danger, apart from the legal score.

An introduction (what this is; that it is not a validated risk instrument, nor the legal
pre-assessment; what is kept), then one question per screen, edited in place: Yes, No, Not
sure, Back, Menu, and the safety row. The round's first yes turns the screen into the
emergency numbers at once, with a line saying why, and puts the mark in the dialog data that
makes a request to a defender urgent (dialogs.red_flags). From there the person goes on with
the questions, or to a defender. At the end: a calm summary with no score, what to do now, and
the way to a defender; the answers are dropped, only the mark stays (until /forget).

No dialog state is set: the round lives in the dialog data alone, so a pre-assessment or an
intake under way keeps its state (and the menu its "continue" button). Every press names the
question it was shown with; a press from another screen changes nothing and shows where the
person is.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup
from aiogram.utils.callback_answer import CallbackAnswer

from bot.kit import keyboards
from bot.kit.callbacks import Go, Screen
from bot.kit.i18n import Translator
from bot.kit.keyboards import Row, button, go
from bot.kit.screens import Screens
from bot.kit.show import Event, show
from dialogs import red_flags as rules
from dialogs.red_flags import TOTAL, Round
from dialogs.scoring import Answer

COMMAND = "danger"
COMMAND_TEXT = "cmd-danger"  # its line in Telegram's command menu (bot/commands.py)
MENU_LABEL = "btn-red-flags"  # the main menu's button (bot/kit/keyboards.py)
TICK = "✓ "  # marks the answer given before, after Back


class RedFlagAct(StrEnum):
    OPEN = "o"  # the introduction
    START = "s"  # a new round from the first question
    RESUME = "r"  # the question on screen before (from the introduction or the numbers)
    BACK = "b"


class RedFlagPress(CallbackData, prefix="rf"):
    act: RedFlagAct
    q: int  # the round's position when the button was shown: older presses are stale


class RedFlagAnswer(CallbackData, prefix="rfa"):
    q: int  # the question's position
    v: Answer


class Ours(Filter):
    """Any press with this dialog's prefixes, also one that does not unpack (forged): it is
    answered with the person's own screen here rather than the menu."""

    prefixes = frozenset({RedFlagPress.__prefix__, RedFlagAnswer.__prefix__})

    async def __call__(self, query: CallbackQuery) -> bool:
        return (query.data or "").split(":", 1)[0] in self.prefixes


ANSWERS = ((Answer.YES, "btn-yes"), (Answer.NO, "btn-no"), (Answer.UNSURE, "btn-unsure"))


def paragraphs(*parts: object) -> str:
    return "\n\n".join(str(p) for p in parts if p)


def bullets(t: Translator, questions: tuple[rules.Question, ...]) -> str:
    return "\n".join(f"• {t(q.sign)}" for q in questions)


# -- the screens -------------------------------------------------------------------------------
def intro_text(t: Translator, r: Round | None, mark: bool) -> str:
    under_way = r is not None and 0 < r.position < TOTAL
    return paragraphs(
        f"<b>{t('rf-title')}</b>", t("rf-intro", total=TOTAL), t("rf-not-instrument"),
        t("rf-source"), t("rf-intro-yes"), t("rf-intro-kept"),
        t("rf-intro-marked") if mark else None,
        t("rf-intro-under-way", number=r.position + 1, total=TOTAL)
        if under_way and r is not None else None)


def intro_keyboard(t: Translator, r: Round | None) -> InlineKeyboardMarkup:
    if r is not None and 0 < r.position < TOTAL:
        rows = [[button(t("rf-btn-resume", number=r.position + 1, total=TOTAL),
                        RedFlagPress(act=RedFlagAct.RESUME, q=r.position))],
                [button(t("rf-btn-again"), RedFlagPress(act=RedFlagAct.START, q=r.position))]]
    else:
        position = r.position if r is not None else 0  # the press names the round it replaces
        rows = [[button(t("rf-btn-start"), RedFlagPress(act=RedFlagAct.START, q=position))]]
    return keyboards.screen(t, rows)


def question_text(t: Translator, r: Round, *, noted: bool = False) -> str:
    here = rules.current(r)
    assert here is not None
    header = t("rf-progress", number=r.position + 1, total=TOTAL)
    return paragraphs(t("rf-note-again") if noted else None, f"<b>{header}</b>",
                      f"<b>{t(here.text)}</b>")


def question_keyboard(t: Translator, r: Round) -> InlineKeyboardMarkup:
    """Three rows, so 🆘 and 🚪 stay on a small phone's screen without scrolling."""
    before = rules.previous(r)
    answers = [button(f"{TICK if before == value else ''}{t(label)}",
                      RedFlagAnswer(q=r.position, v=value)) for value, label in ANSWERS]
    nav = [button(t("btn-back"), RedFlagPress(act=RedFlagAct.BACK, q=r.position)),
           go(t, "btn-menu", Screen.MENU)]
    return keyboards.screen(t, [answers, nav], menu=False)


def alert_text(t: Translator, defenders: bool) -> str:
    """The emergency screen, with why it is shown now."""
    return paragraphs(t("rf-alert-why"), t("rf-alert-urgent") if defenders else None,
                      t("sos-text"), t("rf-alert-next"))


def alert_keyboard(t: Translator, r: Round, defenders: bool) -> InlineKeyboardMarkup:
    label = (t("rf-btn-continue", number=r.position + 1, total=TOTAL)
             if not rules.is_finished(r) else t("rf-btn-summary"))
    rows: list[Row] = [[button(label, RedFlagPress(act=RedFlagAct.RESUME, q=r.position))],
                       *keyboards.talk_rows(t, defenders)]
    return keyboards.screen(t, rows, sos=False)  # this is the 🆘 screen


def summary_text(t: Translator, r: Round, defenders: bool) -> str:
    yes, unsure = rules.signs(r), rules.signs(r, Answer.UNSURE)
    if yes:
        found = paragraphs(f"{t('rf-summary-yes')}\n{bullets(t, yes)}", t("rf-summary-yes-now"))
    elif unsure:
        found = t("rf-summary-none-yes")
    else:
        found = t("rf-summary-no")
    doubts = f"{t('rf-summary-unsure')}\n{bullets(t, unsure)}" if unsure else None
    if rules.marked(r):
        kept = t("rf-summary-marked") if defenders else t("rf-summary-marked-no-defender")
    else:
        kept = t("rf-summary-erased")
    return paragraphs(f"<b>{t('rf-summary-title')}</b>", found, doubts, t("rf-summary-help"),
                      kept, t("rf-not-instrument"))


def summary_keyboard(t: Translator, defenders: bool) -> InlineKeyboardMarkup:
    return keyboards.screen(t, [*keyboards.talk_rows(t, defenders),
                                [button(t("rf-btn-again"),
                                        RedFlagPress(act=RedFlagAct.START, q=0))]])


# -- showing them ------------------------------------------------------------------------------
async def show_intro(event: Event, t: Translator, data: dict[str, Any]) -> None:
    r = rules.round_from(data)
    await show(event, intro_text(t, r, rules.urgent_from(data)), intro_keyboard(t, r))


async def show_question(event: Event, t: Translator, r: Round, *, noted: bool = False) -> None:
    await show(event, question_text(t, r, noted=noted), question_keyboard(t, r))


async def show_summary(event: Event, state: FSMContext, screens: Screens,
                       data: dict[str, Any], r: Round) -> None:
    """The end of the round: its answers are dropped, the mark kept if a yes is on record."""
    await state.set_data(rules.finish(data, r))
    await show(event, summary_text(screens.t, r, screens.defenders),
               summary_keyboard(screens.t, screens.defenders))


async def where_we_are(query: CallbackQuery, screens: Screens, data: dict[str, Any],
                       callback_answer: CallbackAnswer) -> None:
    """A press from an older screen, or one no button sends: nothing changes; say so and
    show the screen the person is really on."""
    callback_answer.text = str(screens.t("stale-button"))
    r = rules.round_from(data)
    if r is None:
        await show_intro(query, screens.t, data)
    elif rules.is_finished(r):  # the last answer was the round's first yes
        await show(query, alert_text(screens.t, screens.defenders),
                   alert_keyboard(screens.t, r, screens.defenders))
    else:
        await show_question(query, screens.t, r)


# -- handlers ----------------------------------------------------------------------------------
async def on_open(event: Event, state: FSMContext, screens: Screens) -> None:
    await show_intro(event, screens.t, await state.get_data())


async def on_press(query: CallbackQuery, callback_data: RedFlagPress, state: FSMContext,
                   screens: Screens, callback_answer: CallbackAnswer) -> None:
    data, t = await state.get_data(), screens.t
    r, q = rules.round_from(data), callback_data.q
    here = r.position if r is not None else 0
    match callback_data.act:
        case RedFlagAct.OPEN:
            await show_intro(query, t, data)
        case RedFlagAct.START if q == here:
            r = rules.begin(data)
            await state.set_data(rules.store(data, r))
            await show_question(query, t, r)
        case RedFlagAct.RESUME if r is not None and q == here:
            if rules.is_finished(r):
                await show_summary(query, state, screens, data, r)
            else:
                await show_question(query, t, r)
        case RedFlagAct.BACK if r is not None and q == here and not rules.is_finished(r):
            earlier = rules.back(r)
            if earlier is None:  # Back on the first question: the introduction
                await show_intro(query, t, data)
            else:
                await state.set_data(rules.store(data, earlier))
                await show_question(query, t, earlier)
        case _:
            await where_we_are(query, screens, data, callback_answer)


async def on_forged(query: CallbackQuery, state: FSMContext, screens: Screens,
                    callback_answer: CallbackAnswer) -> None:
    await where_we_are(query, screens, await state.get_data(), callback_answer)


async def on_answer(query: CallbackQuery, callback_data: RedFlagAnswer, state: FSMContext,
                    screens: Screens, callback_answer: CallbackAnswer) -> None:
    data, t = await state.get_data(), screens.t
    r = rules.round_from(data)
    if r is None or r.position != callback_data.q or rules.is_finished(r):
        await where_we_are(query, screens, data, callback_answer)
        return
    value = callback_data.v
    alert = rules.alert_now(r, value)
    r = rules.answer(r, value)
    if alert:  # the first yes: the numbers at once, the mark kept
        await state.set_data(rules.store(data, r))
        await show(query, alert_text(t, screens.defenders),
                   alert_keyboard(t, r, screens.defenders))
    elif rules.is_finished(r):
        await show_summary(query, state, screens, data, r)
    else:
        await state.set_data(rules.store(data, r))
        await show_question(query, t, r, noted=value == Answer.YES)


def make_router() -> Router:
    router = Router(name="red_flags")
    router.message.register(on_open, Command(COMMAND))
    router.callback_query.register(on_open, Go.filter(F.to == Screen.RED_FLAGS))
    router.callback_query.register(on_press, RedFlagPress.filter())
    router.callback_query.register(on_answer, RedFlagAnswer.filter())
    router.callback_query.register(on_forged, Ours())
    return router
