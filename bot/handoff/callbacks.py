"""The handoff's button data for a person: the intake's answers and steps, one's open case,
sending typed words to the defender (the defenders' case buttons: bot/handoff/buttons.py)."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from dialogs.intake import Step


class IntakeAnswer(CallbackData, prefix="ha"):
    s: Step  # the question on screen: a press on an older screen is recognised as stale
    v: str


class IntakeAction(StrEnum):
    BACK = "b"
    CANCEL = "x"
    SKIP = "k"  # no description
    CHANGE = "c"  # from the preview: choose an answer to change
    SEND = "s"  # from the preview: open the case
    ORG = "o"  # from the preview: choose another organisation


class IntakeOrg(CallbackData, prefix="hg"):
    k: str  # the organisation's key (dialogs.organisations.KEY: up to 24 characters)


class IntakePress(CallbackData, prefix="hp"):
    act: IntakeAction
    s: Step


class IntakeEdit(CallbackData, prefix="he"):
    s: Step  # the question to change


class CaseAction(StrEnum):
    CLOSE = "c"  # asks first
    CLOSE_YES = "y"
    KEEP = "k"


class MyCase(CallbackData, prefix="mc"):
    act: CaseAction


class TypedSend(CallbackData, prefix="ts"):
    """Send what the person typed outside a prompt to their defender (bot.handoff.typed)."""

    c: int  # how many messages the note offered: a press matches what the person read
