"""The intake's rules without a bot: order of questions, Back, Change, button values, the
draft kept in FSM data, and the preview within Telegram's limit."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.handoff.intake_screens import preview_text
from dialogs.handoff import Contact, Intake
from dialogs.intake import (
    NO,
    YES,
    Draft,
    Step,
    after,
    answer,
    before,
    chosen,
    masked_phone,
    missing,
    number,
)

DONE = Intake(region="astana", children=True, danger_now=False)
BY_PHONE = replace(DONE, contact=Contact.PHONE, phone="+77011234567")


def test_questions_in_order_with_the_phone_only_when_chosen() -> None:
    order, step = [], Step.REGION
    while step != Step.PREVIEW:
        order.append(step)
        step = after(step, DONE, editing=False)
    assert order == [Step.REGION, Step.CHILDREN, Step.DANGER, Step.CONTACT, Step.DESCRIPTION]
    assert after(Step.CONTACT, BY_PHONE, editing=False) == Step.PHONE
    assert after(Step.PHONE, BY_PHONE, editing=False) == Step.DESCRIPTION
    assert [number(s) for s in (Step.REGION, Step.CONTACT, Step.PHONE, Step.DESCRIPTION)] == \
        [1, 4, 4, 5]


def test_back_retraces_and_leaves_from_the_first_question() -> None:
    assert before(Step.REGION, DONE, editing=False) is None
    assert before(Step.DANGER, DONE, editing=False) == Step.CHILDREN
    assert before(Step.DESCRIPTION, DONE, editing=False) == Step.CONTACT
    assert before(Step.DESCRIPTION, BY_PHONE, editing=False) == Step.PHONE
    assert before(Step.PHONE, BY_PHONE, editing=False) == Step.CONTACT
    assert before(Step.PREVIEW, DONE, editing=False) == Step.DESCRIPTION
    assert before(Step.CHANGE, DONE, editing=True) == Step.PREVIEW


def test_a_change_returns_to_the_preview_through_the_phone_if_chosen() -> None:
    for step in (Step.REGION, Step.CHILDREN, Step.DANGER, Step.DESCRIPTION):
        assert after(step, DONE, editing=True) == Step.PREVIEW
        assert before(step, DONE, editing=True) == Step.CHANGE
    assert after(Step.CONTACT, DONE, editing=True) == Step.PREVIEW
    assert after(Step.CONTACT, BY_PHONE, editing=True) == Step.PHONE
    assert after(Step.PHONE, BY_PHONE, editing=True) == Step.PREVIEW
    assert before(Step.PHONE, BY_PHONE, editing=True) == Step.CONTACT


@pytest.mark.parametrize(("step", "value", "field", "expected"), [
    (Step.REGION, "north-kazakhstan", "region", "north-kazakhstan"),
    (Step.CHILDREN, YES, "children", True),
    (Step.DANGER, NO, "danger_now", False),
    (Step.CONTACT, "phone", "contact", Contact.PHONE),
])
def test_button_values(step: Step, value: str, field: str, expected: object) -> None:
    answered = answer(Intake(), step, value)
    assert answered is not None and getattr(answered, field) == expected
    assert chosen(answered, step) == value


@pytest.mark.parametrize(("step", "value"), [
    (Step.REGION, "moscow"), (Step.CHILDREN, "yes"), (Step.DANGER, ""), (Step.CONTACT, "fax"),
    (Step.DESCRIPTION, "1"), (Step.PREVIEW, "1"),
])
def test_forged_values_are_refused(step: Step, value: str) -> None:
    assert answer(DONE, step, value) is None


def test_only_here_forgets_a_number() -> None:
    answered = answer(BY_PHONE, Step.CONTACT, "bot")
    assert answered is not None and answered.contact == Contact.BOT and answered.phone is None


def test_missing_names_the_first_gap() -> None:
    assert missing(Intake()) == Step.REGION
    assert missing(replace(DONE, danger_now=None)) == Step.DANGER
    assert missing(replace(DONE, contact=Contact.PHONE)) == Step.PHONE
    assert missing(DONE) is None and missing(BY_PHONE) is None


def test_draft_round_trip_and_damaged_data() -> None:
    draft = Draft(BY_PHONE, editing=True, resume="Assessment:finished", keyboard=42)
    assert Draft.from_data(draft.to_data()) == draft
    assert Draft.from_data({}) == Draft()
    assert Draft.from_data({"handoff": "x", "handoff_nav": {"edit": "yes", "kb": "7"}}) == Draft()


def test_preview_keeps_the_summary_whole() -> None:
    assert preview_text("S", "D", "N") == "D\n\nS\n\nN"
    assert preview_text("S" * 10, "D" * 5, "N", limit=14) == "S" * 10 + "\n\nN"
    assert preview_text("S" * 10, "D", "N" * 5, limit=12) == "S" * 10
    assert preview_text("S", None, "N") == "S\n\nN"


def test_a_number_shown_in_the_chat_is_masked() -> None:
    assert masked_phone("+77012345678") == "+7 7•• ••• •• 78"
    assert masked_phone("+998901234567") == "+9 9•••••••• 67"  # not Kazakhstan: one block
    assert masked_phone("+123") == "•••"  # too short to show any of it
    for phone in ("+77012345678", "+998901234567"):
        assert "012345" not in masked_phone(phone) and "9012345" not in masked_phone(phone)
