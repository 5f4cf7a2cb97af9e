"""Where what the person types goes straight to their defender, and where it does not.

A typed message reaches the defenders only when the person knows it will:
- on the conversation screen (bot.handoff.states.Talk.open): shown after "your request is sent",
  on "your request is open", and after a press on "send it to the defender";
- as a reply (swipe) to a message of the conversation, which is a choice made on purpose.
Anywhere else the bot asks first (bot.handoff.typed_screens). The dialog state from
before the conversation is kept in FSM data and comes back when it ends, so a pre-assessment
under way is not lost.
"""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import Message, Update

from bot.handoff.desk import CaseDesk
from bot.handoff.states import Talk
from storage.cases import Case

RESUME_KEY = "talk"  # FSM data: the dialog state to return to when the conversation ends


def in_talk(raw_state: str | None) -> bool:
    return raw_state == Talk.open.state


async def enter(state: FSMContext, raw_state: str | None) -> None:
    """Make this the conversation screen; what the person types next goes to the defender."""
    if in_talk(raw_state):
        return
    await state.set_state(Talk.open)
    await state.update_data({RESUME_KEY: raw_state})


async def leave(state: FSMContext) -> str | None:
    """End the conversation; returns the dialog state restored (the one before it)."""
    data: dict[str, Any] = dict(await state.get_data())
    resume = data.pop(RESUME_KEY, None)
    resume = resume if isinstance(resume, str) and not in_talk(resume) else None
    await state.set_data(data)
    await state.set_state(resume)
    return resume


def ends_talk(update: Update) -> bool:
    """A press opens another screen, and a command is not words for the defender."""
    if update.callback_query is not None:
        return True
    message = update.message
    return message is not None and (message.text or "").startswith("/")


async def case_to_write_to(desk: CaseDesk | None, user_id: int) -> Case | None:
    """The person's open case, or one a defender closed that writing reopens; None without
    one (or when no defenders' group is set)."""
    if desk is None or not desk.available:
        return None
    case = await desk.cases.latest_of(user_id)
    if case is None or not (case.open or case.reopens_on_write):
        return None
    return case


async def replies_in_conversation(desk: CaseDesk, case: Case, message: Message) -> bool:
    """A reply (swipe) to a message that is part of the conversation: the defender's answer,
    or the person's own message already passed on."""
    replied = message.reply_to_message
    if replied is None:
        return False
    return await desk.cases.in_topic(case.id, replied.message_id) is not None
