"""The pre-assessment's keyboards: its introduction, a question, the result."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.assessment.callbacks import AnswerPress, QuestionAction, QuestionPress
from bot.kit.callbacks import (
    GuidePage,
    Screen,
)
from bot.kit.i18n import Translator
from bot.kit.keyboards import button, go, screen, talk_rows
from dialogs.scoring import Answer

Row = list[InlineKeyboardButton]


def assessment_intro(t: Translator, *, other: bool = False, replacing: int = 0,
                     ) -> InlineKeyboardMarkup:
    """`replacing`: the check about oneself under way that Start replaces (its position + 1),
    else 0."""
    act = QuestionAction.OTHER if other else QuestionAction.START
    start = QuestionPress(q=replacing if other else 0, act=act)
    rows = [[button(t("btn-assess-start"), start)]]
    if other:  # back to the section it came from
        rows.append([go(t, "btn-someone-all", Screen.SOMEONE)])
    return screen(t, rows)


# The same few dozen keyboards on every press of the questionnaire (3 locales x 16 questions x
# 2): built once each (issue #25). Never changed after it is built.
@functools.lru_cache(maxsize=256)
def question(t: Translator, position: int, *, legal_shown: bool) -> InlineKeyboardMarkup:
    answers = [
        button(t("btn-yes"), AnswerPress(q=position, v=Answer.YES)),
        button(t("btn-no"), AnswerPress(q=position, v=Answer.NO)),
        button(t("btn-unsure"), AnswerPress(q=position, v=Answer.UNSURE)),
    ]
    if legal_shown:
        toggle = button(t("btn-plain-words"), QuestionPress(q=position, act=QuestionAction.PLAIN))
    else:
        toggle = button(t("btn-legal-words"), QuestionPress(q=position, act=QuestionAction.LEGAL))
    # Four rows in all, so 🆘 and 🚪 stay on a small phone's screen without scrolling.
    rows = [
        answers,
        [button(t("btn-back"), QuestionPress(q=position, act=QuestionAction.BACK)),
         button(t("btn-skip-block"), QuestionPress(q=position, act=QuestionAction.SKIP))],
        [toggle, go(t, "btn-menu", Screen.MENU)],
    ]
    return screen(t, rows, menu=False)


def result(t: Translator, guide_kinds: Sequence[tuple[str, str]], defenders: bool = False,
           *, other: bool = False) -> InlineKeyboardMarkup:
    rows = [[button(t("btn-guide-for", kind=title), GuidePage(k=kind_id, s=-1))]
            for kind_id, title in guide_kinds] or [[go(t, "btn-guide", Screen.GUIDE)]]
    if other:  # a check about someone else: what the one asking can do, and a defender
        rows += [[go(t, "btn-someone-all", Screen.SOMEONE)]]
        if defenders:
            rows.append([go(t, "btn-someone-defender", Screen.DEFENDER_OTHER)])
        again = QuestionPress(q=0, act=QuestionAction.OTHER)
    else:
        rows += [[go(t, "btn-rights", Screen.RIGHTS)], *talk_rows(t, defenders)]
        again = QuestionPress(q=0, act=QuestionAction.RESTART)
    rows.append([button(t("btn-assess-again"), again)])
    return screen(t, rows)
