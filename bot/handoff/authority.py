"""Who may do what with a case, once we know they are a member of the defenders' group (or an
NGO admin, ADMIN_IDS): bot/pipeline/members.py answers that first.

Any member may take a case nobody has taken, reopen a closed one, or answer "no" to a question
the buttons ask. Releasing, closing and blocking end or hand over someone's work with a person,
so they belong to the defender who took the case and to NGO admins; on a case nobody has taken,
closing and blocking are an admin's decision (a member who means to handle it takes it first,
which the topic then shows with their name). Lifting a block is for NGO admins only.

Pure: no I/O, so the rules are tested without a bot.
"""

from __future__ import annotations

from collections.abc import Collection

from bot.handoff.buttons import CaseAction
from storage.cases import Case

# the action: its refusal on a taken case, and on a case nobody has taken (None: allowed, as
# releasing an untaken case changes nothing and is answered "nobody has taken it")
_CLOSE = ("case-close-refused", "case-close-untaken-refused")
_BLOCK = ("case-block-refused", "case-block-untaken-refused")
_GUARDED: dict[CaseAction, tuple[str, str | None]] = {
    CaseAction.RELEASE: ("case-release-refused", None),
    CaseAction.TRANSFER: ("case-transfer-refused", None),
    CaseAction.CLOSE: _CLOSE, CaseAction.CLOSE_YES: _CLOSE,
    CaseAction.BLOCK: _BLOCK, CaseAction.BLOCK_YES: _BLOCK,
}


def refusal(action: CaseAction, case: Case, user_id: int, admins: Collection[int]) -> str | None:
    """The id of the alert that refuses `user_id` this press on `case`, or None if they may."""
    if user_id in admins:
        return None
    if action == CaseAction.UNBLOCK:
        return "case-unblock-refused"
    guarded = _GUARDED.get(action)
    if guarded is None or case.defender_id == user_id:
        return None
    taken, untaken = guarded
    return taken if case.defender_id is not None else untaken
