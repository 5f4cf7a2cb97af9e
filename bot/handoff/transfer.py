"""Handing a case to another organisation (issue #27): ↪ on the summary lists the others, or
`/transfer <key> <a note for them>` in the case's topic.

Everything happens in the update's one transaction (its unit of work), so a kill -9 leaves the
case either where it was or wholly moved, never in two groups or in none: the case is filed
under the new organisation with no topic and nobody's; the new group gets the summary, the
note, then the person's messages still queued for the old group (moved, not copied twice: a
message already on its way there arrives there); the old topic is told where the case went and
closed; the person is told in neutral words. Replies in the old topic no longer reach the
person (its message pairs go), and a row still bound for the old group without a topic of its
own waits for the move (bot/handoff/topics.py).
"""

from __future__ import annotations

from dataclasses import replace

from aiogram.methods import CloseForumTopic, SendMessage
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.handoff import authority
from bot.handoff.buttons import CaseAction, CaseTransfer, transfer_buttons
from bot.handoff.desk import CaseDesk
from bot.handoff.purposes import (
    STREAM,
    CloseTopic,
    General,
    Howto,
    Relayed,
    Summary,
    TopicNotice,
)
from bot.kit.show import show
from bot.pipeline.members import Members
from dialogs.handoff import CaseSummary
from dialogs.organisations import Organisation
from storage.cases import Case
from storage.db import now_ms

NOTE_LIMIT = 1000  # characters of the note for the other organisation
AFTER_SUMMARY_MS = 2000  # moved messages go after the summary and the note


def others(desk: CaseDesk, case: Case) -> list[Organisation]:
    return [o for o in desk.orgs.all if o.key != case.org]


def refusal(desk: CaseDesk, members: Members, case: Case, user_id: int, chat_id: int,
            ) -> str | None:
    """Why `user_id` may not hand this case over, or None."""
    if case.state == "closed":
        return "case-transfer-closed"
    if not others(desk, case):
        return "case-transfer-none"
    return authority.refusal(CaseAction.TRANSFER, case, user_id, members.admins_of(chat_id))


async def choose(query: CallbackQuery, desk: CaseDesk, case: Case) -> None:
    """↪ pressed: the summary lists the organisations the case may go to."""
    t = desk.t_defenders
    choices = [(o.key, o.title(t.locale)) for o in others(desk, case)]
    usage = t("case-transfer-choose", orgs=", ".join(f"{k} ({n})" for k, n in choices))
    await show(query, f"{await desk.status_text(case)}\n\n{usage}",
               transfer_buttons(t, case.id, choices))


async def on_transfer_press(query: CallbackQuery, callback_data: CaseTransfer, desk: CaseDesk,
                            members: Members, callback_answer: CallbackAnswer) -> None:
    t = desk.t_defenders
    chat_id = query.message.chat.id if query.message is not None else 0
    thread = query.message.message_thread_id if isinstance(query.message, Message) else None
    case = await desk.cases.get(callback_data.c)
    to = desk.orgs.get(callback_data.o)
    if not await members.may_act(query.from_user.id, chat_id) or case is None or \
            case.topic_id != thread or desk.chat_of(case) != chat_id or to is None or \
            to.key == case.org:
        callback_answer.text, callback_answer.show_alert = str(t("case-refused")), True
        return
    refused = refusal(desk, members, case, query.from_user.id, chat_id)
    if refused:
        callback_answer.text, callback_answer.show_alert = str(t(refused, case=case.id)), True
        return
    name = await desk.cases.display_name(query.from_user.id) or query.from_user.first_name
    await transfer(desk, case, to, None, query.from_user.id, name)
    moved = await desk.cases.get(case.id)
    assert moved is not None
    await show(query, await desk.status_text(moved), None)


async def transfer(desk: CaseDesk, case: Case, to: Organisation, note: str | None,
                   defender_id: int, name: str) -> None:
    """Hand `case` to `to`, in the current unit of work (see the module's docstring). Every
    read comes before the first write: a read after one would commit the writes so far
    (storage.unit.read_your_writes), and a kill -9 then would leave the case half moved."""
    t = desk.t_defenders
    old_chat, new_chat = desk.chat_of(case), desk.orgs.chat(to.key)
    old = desk.orgs.get(case.org)
    assert old is not None and old_chat is not None and new_chat is not None
    # what is still queued for the old group: the person's messages follow the case (after
    # the summary); the rest was for the old topic. The row on its way now is left to arrive.
    head = await desk.queue.head(old_chat)
    moving, dropping = [], []
    for queued in await desk.queue.queued(STREAM, str(case.id)):
        row = queued.row
        if row.chat_id != old_chat or (head is not None and row.id == head.row.id):
            continue
        (moving if isinstance(queued.purpose, Relayed) else dropping).append(row.id)
    moved = replace(case, org=to.key, topic_id=None, state="new", defender_id=None)
    await desk.tell_person(moved, "case-transferred-person")  # reads, then its first write
    await desk.queue.repo.drop(dropping)
    await desk.queue.repo.redirect(moving, new_chat, now_ms() + AFTER_SUMMARY_MS)
    await desk.cases.transfer(case.id, to.key, defender_id)
    if case.topic_id is not None:  # kept for erasure: it still holds what the person sent
        await desk.former_topics.left(case.id, old_chat, case.topic_id)
    await desk.queue.enqueue(desk.summary_message(new_chat, case.id,
                                                  CaseSummary.from_data(moved.summary),
                                                  blocked=moved.blocked),
                             Summary(), ref=str(case.id))
    await desk.queue.enqueue(desk.howto_message(new_chat), Howto(), ref=str(case.id))
    arrived = t("case-transferred-in", case=case.id, org=old.title(t.locale), name=name)
    if note:
        arrived = f"{arrived}\n{t('case-transferred-note', note=note)}"
    await desk.queue.enqueue(SendMessage(chat_id=new_chat, text=arrived), TopicNotice(),
                             ref=str(case.id))
    if case.topic_id is None:  # its topic was never made: one line in General
        left = t("case-transferred-out-general", case=case.id, org=to.title(t.locale),
                 name=name)
        await desk.queue.enqueue(SendMessage(chat_id=old_chat, text=left), General(),
                                 ref=str(case.id))
    else:
        left = t("case-transferred-out", case=case.id, org=to.title(t.locale), name=name)
        await desk.queue.enqueue(SendMessage(chat_id=old_chat, text=left,
                                             message_thread_id=case.topic_id),
                                 TopicNotice(), ref=str(case.id))
        await desk.queue.enqueue(CloseForumTopic(chat_id=old_chat,
                                                 message_thread_id=case.topic_id),
                                 CloseTopic(), ref=str(case.id))
