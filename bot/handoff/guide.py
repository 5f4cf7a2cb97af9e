"""Telling a defender how a topic works, where they would otherwise guess wrong.

Only a reply to one of the person's messages, or /send, reaches the person; anything else in a
topic stays among colleagues, silently. The how-to says so after every summary
(`CaseDesk._howto_message`) and on /help in the group. And a defender who writes a plain
message in a topic whose person has heard nothing from a defender for a while (never, or not
for `QUIET_SECONDS`) most likely meant it for the person: the topic is told once per case
(remembered in storage, 0014) that it stayed internal and how to send. Once a conversation is
going, plain messages are the colleagues' talk, and the hint would only be noise.
"""

from __future__ import annotations

from aiogram.methods import SendMessage
from aiogram.types import Message, ReplyParameters

from bot.handoff.desk import CaseDesk
from bot.handoff.purposes import STREAM, Hint, Reply
from storage.cases import Case
from storage.db import now

QUIET_SECONDS = 30 * 60
HINT = "case-internal-hint"


async def person_waiting(desk: CaseDesk, case: Case, at: int) -> bool:
    """Whether the person has heard nothing from a defender for QUIET_SECONDS (or ever), and
    no reply to them is on its way."""
    last = await desk.cases.last_reply_at(case.id)
    if last is not None and at - last < QUIET_SECONDS:
        return False
    queued = await desk.queue.queued(STREAM, str(case.id))
    return not any(isinstance(q.purpose, Reply) for q in queued)


async def hint_if_quiet(desk: CaseDesk, case: Case, message: Message, at: int | None = None,
                        ) -> bool:
    """After a plain message in the case's topic: tell the topic, once per case, that it
    stayed internal, if the person is waiting to hear from someone. Returns whether it did."""
    chat_id = desk.chat_of(case)
    if chat_id is None or case.user_id is None or not case.open or case.blocked:
        return False  # nothing could be sent to the person anyway: the hint would mislead
    if await desk.cases.told_internal(case.id):  # the cheap read first: most messages stop here
        return False
    if not await person_waiting(desk, case, now() if at is None else at):
        return False
    if not await desk.cases.claim_internal_hint(case.id):
        return False
    hint = SendMessage(chat_id=chat_id, text=desk.t_defenders(HINT),
                       reply_parameters=ReplyParameters(message_id=message.message_id,
                                                        allow_sending_without_reply=True))
    await desk.queue.enqueue(hint, Hint(), ref=str(case.id))
    return True
