"""The order of the intake's questions, Back and Change, as pure rules.

The answers themselves are `dialogs.handoff.Intake`; this module only says which question comes
next, which one Back returns to, and what a button's value means. Kept apart from aiogram so the
journey can be tested without a bot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from dialogs.handoff import PLACES, Contact, Intake


class Step(StrEnum):
    """One screen of the intake; the values are short because they travel in callback data."""

    REGION = "r"
    CHILDREN = "c"
    DANGER = "d"
    CONTACT = "k"
    PHONE = "p"  # part of the contact question: shown only when the person chose a phone
    DESCRIPTION = "t"
    PREVIEW = "v"
    CHANGE = "e"
    ORG = "g"  # from the preview: which organisation reads the request


# The numbered questions ("question 2 of 5"); the phone belongs to the contact question.
QUESTIONS = (Step.REGION, Step.CHILDREN, Step.DANGER, Step.CONTACT, Step.DESCRIPTION)
TEXT_STEPS = (Step.PHONE, Step.DESCRIPTION)  # steps that take a typed message
YES, NO = "1", "0"
# The intake's dialog states are "Handoff:<step>" as aiogram stores them (bot/handoff/states.py)
STATE_GROUP = "Handoff"


def number(step: Step) -> int:
    """1-based number of the question on screen."""
    return QUESTIONS.index(Step.CONTACT if step == Step.PHONE else step) + 1


@dataclass(frozen=True)
class Draft:
    """The intake under way with where it was entered from, kept in FSM data."""

    intake: Intake = field(default_factory=Intake)
    editing: bool = False  # a step opened from "Change": it returns to the preview
    resume: str | None = None  # the dialog state before the intake, restored after it
    keyboard: int | None = None  # message carrying the "share my number" reply keyboard
    # the message the intake's screen is on: a typed answer (which has no pressed message)
    # edits it in place, so one screen follows the person through the questions
    screen: int | None = None
    # asked by someone worried about another person (entered from the "someone else"
    # section): the questions speak of "the person", the summary says it is a third party's
    third_party: bool = False
    # the organisation the preview named (dialogs.organisations), and whether the person
    # picked it rather than taking the one the rules chose
    org: str | None = None
    picked: bool = False

    def to_data(self) -> dict[str, Any]:
        nav: dict[str, Any] = {"edit": self.editing, "resume": self.resume, "kb": self.keyboard,
                               "sc": self.screen}
        if self.third_party:
            nav["other"] = True
        if self.org is not None:
            nav["org"], nav["pick"] = self.org, self.picked
        return {"handoff": self.intake.to_data(), "handoff_nav": nav}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Draft:
        answers, nav = data.get("handoff"), data.get("handoff_nav")
        nav = nav if isinstance(nav, Mapping) else {}
        resume, keyboard, screen = nav.get("resume"), nav.get("kb"), nav.get("sc")
        org = nav.get("org")
        return cls(
            intake=Intake.from_data(answers if isinstance(answers, Mapping) else None),
            editing=nav.get("edit") is True,
            resume=resume if isinstance(resume, str) else None,
            keyboard=keyboard if isinstance(keyboard, int) else None,
            screen=screen if isinstance(screen, int) else None,
            third_party=nav.get("other") is True,
            org=org if isinstance(org, str) else None,
            picked=nav.get("pick") is True,
        )


MASK = "•"


def masked_phone(phone: str) -> str:
    """A stored number as the person's chat may show it: the country code, the first digit
    after it and the last two, "+7 7•• ••• •• 67". Whoever glances at the phone learns nothing
    from it; the person recognises their number."""
    digits = "".join(c for c in phone if c.isdigit())
    if len(digits) < 6:  # normalise_phone never gives one this short; show nothing of it
        return MASK * 3
    if len(digits) == 11 and digits[0] == "7":  # Kazakhstan's +7 XXX XXX XX XX
        return f"+7 {digits[1]}{MASK * 2} {MASK * 3} {MASK * 2} {digits[-2:]}"
    return f"+{digits[0]} {digits[1]}{MASK * (len(digits) - 4)} {digits[-2:]}"


def answer(intake: Intake, step: Step, value: str) -> Intake | None:
    """The intake with a button's answer for `step`, or None for a value no button sends."""
    match step:
        case Step.REGION if value in PLACES:
            return replace(intake, region=value)
        case Step.CHILDREN if value in (YES, NO):
            return replace(intake, children=value == YES)
        case Step.DANGER if value in (YES, NO):
            return replace(intake, danger_now=value == YES)
        case Step.CONTACT if value == Contact.BOT:
            return replace(intake, contact=Contact.BOT, phone=None)  # a number is not kept
        case Step.CONTACT if value == Contact.PHONE:
            return replace(intake, contact=Contact.PHONE)
    return None


def after(step: Step, intake: Intake, editing: bool) -> Step:
    """The screen after `step` was answered; a change returns to the preview."""
    if step == Step.CONTACT and intake.contact == Contact.PHONE:
        return Step.PHONE
    if editing or step == Step.DESCRIPTION:
        return Step.PREVIEW
    if step == Step.PHONE:
        return Step.DESCRIPTION
    return QUESTIONS[QUESTIONS.index(step) + 1]


def before(step: Step, intake: Intake, editing: bool) -> Step | None:
    """The screen Back leads to; None leaves the intake (Back on the first question)."""
    if step == Step.PHONE:
        return Step.CONTACT
    if step in (Step.CHANGE, Step.ORG):
        return Step.PREVIEW
    if editing:
        return Step.CHANGE
    if step == Step.PREVIEW:
        return Step.DESCRIPTION
    if step == Step.DESCRIPTION and intake.contact == Contact.PHONE:
        return Step.PHONE
    index = QUESTIONS.index(step)
    return QUESTIONS[index - 1] if index else None


def missing(intake: Intake) -> Step | None:
    """The first question still without an answer, or None when the preview can be shown."""
    if intake.region is None:
        return Step.REGION
    if intake.children is None:
        return Step.CHILDREN
    if intake.danger_now is None:
        return Step.DANGER
    if intake.contact == Contact.PHONE and not intake.phone:
        return Step.PHONE
    return None


def chosen(intake: Intake, step: Step) -> str | None:
    """The button value already chosen for `step` (marked on screen after Back or Change)."""
    match step:
        case Step.REGION:
            return intake.region
        case Step.CHILDREN if intake.children is not None:
            return YES if intake.children else NO
        case Step.DANGER if intake.danger_now is not None:
            return YES if intake.danger_now else NO
        case Step.CONTACT:
            return intake.contact.value
    return None
