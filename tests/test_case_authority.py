"""Who may release, close or block a case (bot/handoff/authority.py): the defender who took
it and NGO admins; on a case nobody has taken, closing and blocking are for admins; taking,
reopening and answering "no" are for any member; lifting a block for admins only."""

from __future__ import annotations

import pytest

from bot.handoff.authority import refusal
from bot.handoff.buttons import CaseAction as A
from storage.cases import Case

DEFENDER, COLLEAGUE, ADMIN = 11, 12, 99
ADMINS = frozenset({ADMIN})


def case(state: str = "taken", defender_id: int | None = DEFENDER) -> Case:
    return Case(id=7, user_id=500, summary={}, urgent=True, state=state,
                defender_id=defender_id, topic_id=3, told_relay=False, created_at=0,
                closed_by=None)


@pytest.mark.parametrize("action", [A.RELEASE, A.CLOSE, A.CLOSE_YES, A.BLOCK, A.BLOCK_YES])
def test_the_defender_and_admins_may_a_colleague_may_not(action: A) -> None:
    assert refusal(action, case(), DEFENDER, ADMINS) is None
    assert refusal(action, case(), ADMIN, ADMINS) is None
    verb = {A.RELEASE: "release", A.CLOSE: "close", A.CLOSE_YES: "close", A.BLOCK: "block",
            A.BLOCK_YES: "block"}[action]
    assert refusal(action, case(), COLLEAGUE, ADMINS) == f"case-{verb}-refused"


def test_an_untaken_case_is_taken_by_anyone_closed_or_blocked_by_admins() -> None:
    untaken = case("new", None)
    assert refusal(A.TAKE, untaken, COLLEAGUE, ADMINS) is None
    assert refusal(A.CLOSE, untaken, COLLEAGUE, ADMINS) == "case-close-untaken-refused"
    assert refusal(A.CLOSE_YES, untaken, COLLEAGUE, ADMINS) == "case-close-untaken-refused"
    assert refusal(A.BLOCK, untaken, COLLEAGUE, ADMINS) == "case-block-untaken-refused"
    assert refusal(A.BLOCK_YES, untaken, COLLEAGUE, ADMINS) == "case-block-untaken-refused"
    assert refusal(A.RELEASE, untaken, COLLEAGUE, ADMINS) is None  # answered "not taken"
    assert refusal(A.CLOSE_YES, untaken, ADMIN, ADMINS) is None
    assert refusal(A.BLOCK_YES, untaken, ADMIN, ADMINS) is None


def test_a_closed_case_stays_its_defenders_and_any_member_may_reopen_or_say_no() -> None:
    closed = case("closed")
    assert refusal(A.BLOCK_YES, closed, COLLEAGUE, ADMINS) == "case-block-refused"
    assert refusal(A.BLOCK_YES, closed, DEFENDER, ADMINS) is None
    for action in (A.REOPEN, A.BLOCK_NO, A.CLOSE_NO):
        assert refusal(action, closed, COLLEAGUE, ADMINS) is None


def test_only_admins_lift_a_block() -> None:
    assert refusal(A.UNBLOCK, case(), DEFENDER, ADMINS) == "case-unblock-refused"
    assert refusal(A.UNBLOCK, case(), ADMIN, ADMINS) is None
