"""What the group's handlers share: the bot's answer below a defender's message, the case of
the topic a message is in, and who may act (bot/handoff/group.py, answers.py, stats.py)."""

from __future__ import annotations

from aiogram.types import Message

from bot.handoff.desk import CaseDesk
from bot.pipeline.members import Members
from dialogs.organisations import Organisation
from storage.cases import Case


async def answer(message: Message, text: str) -> None:
    """The bot's answer to a defender's message, below it if it is still there: a message
    deleted meanwhile (or its whole topic, with the person's /forget) is no error."""
    await message.reply(text, allow_sending_without_reply=True)


async def case_of_topic(message: Message, desk: CaseDesk) -> Case | None:
    """The case of the topic the message is in, in this organisation's group only."""
    org = desk.orgs.of_chat(message.chat.id)
    if org is None or not message.is_topic_message or message.message_thread_id is None:
        return None
    return await desk.cases.by_topic(org.key, message.message_thread_id)


async def acting_org(message: Message, desk: CaseDesk, members: Members) -> Organisation | None:
    """The organisation whose group this is, when the writer may act there (else told so)."""
    org = desk.orgs.of_chat(message.chat.id)
    return org if org is not None and await _may_act(message, desk, members) else None


async def acting_case(message: Message, desk: CaseDesk, members: Members) -> Case | None:
    """The case of the topic, when the writer may act on it (else told so)."""
    case = await case_of_topic(message, desk)
    return case if case is not None and await _may_act(message, desk, members) else None


async def _may_act(message: Message, desk: CaseDesk, members: Members) -> bool:
    if message.from_user is None:
        return False
    if not await members.may_act(message.from_user.id, message.chat.id):
        await answer(message, desk.t_defenders("case-refused"))
        return False
    return True
