"""What the group's handlers share: the bot's answer below a defender's message, and the case
of the topic a message is in (bot/handoff/group.py, answers.py)."""

from __future__ import annotations

from aiogram.types import Message

from bot.handoff.desk import CaseDesk
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
