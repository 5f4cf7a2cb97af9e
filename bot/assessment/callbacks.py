"""The pre-assessment's button data: an answer, and the moves between questions."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class AnswerPress(CallbackData, prefix="a"):
    q: int  # the question's position, so a press on an old screen is recognised as stale
    v: str


class QuestionAction(StrEnum):
    START = "start"
    BACK = "back"
    SKIP = "skip"
    LEGAL = "legal"  # show the act's wording
    PLAIN = "plain"  # hide it again
    RESTART = "again"
    OTHER = "other"  # a check about someone else (from the "someone else" section)


class QuestionPress(CallbackData, prefix="q"):
    q: int
    act: QuestionAction
