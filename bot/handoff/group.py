"""The defenders' group: the buttons on a case's summary, replies to relayed messages (and
/send) going to the person, edits of those replies, /name for the signature and /help.

Only members of the group (asked of Telegram with getChatMember, remembered for a while) and
ADMIN_IDS may act; every other message in a topic stays internal, for colleagues, and the
topic is told so once when the person is waiting to hear from someone (bot/handoff/guide.py).

Any member may take a case nobody has taken; releasing, closing and blocking belong to the
defender who took it and to NGO admins (bot/handoff/authority.py), others get an alert that says
who may. Closing and blocking ask first; the topic is told who did what, by the name they chose
with /name or else their Telegram first name. Only ADMIN_IDS may lift a block (🔓 on the
summary, or /unblock <case number> in a private chat with the bot: bot/handoff/admin.py).
"""

from __future__ import annotations

import asyncio
from enum import Enum

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.handoff import answers, authority, guide, stats, transfer
from bot.handoff.buttons import CaseAction, CasePress, CaseTransfer, case_buttons
from bot.handoff.desk import HOWTO, CaseDesk, day_time
from bot.handoff.in_group import acting_case, answer, case_of_topic
from bot.handoff.purposes import Relayed
from bot.handoff.relay import COPYABLE
from bot.handoff.topics import Topics
from bot.kit.show import show
from bot.kit.text import utf16_len
from bot.pipeline.members import GROUP_ANONYMOUS_BOT, Members
from storage.cases import Case

NAME_LIMIT = 32
NOTE_LIMIT = 1000  # characters of an internal note
FRESH_COPY_S = 60.0  # a copy this young may not be recorded yet (relayed_behind)
# How long a reply to a fresh copy waits for the copy's record while it is on its way: a slow
# answer from Telegram or a loaded database can take seconds; past this the defender is asked
# to reply again rather than their words being taken for an internal note.
COPY_RECORD_WAIT_S = 60.0


class Unresolved(Enum):
    COPY = "copy"  # the reply is to a copy whose record has not arrived in time


UNRESOLVED = Unresolved.COPY


async def on_case_press(query: CallbackQuery, callback_data: CasePress, desk: CaseDesk,
                        members: Members, callback_answer: CallbackAnswer) -> None:
    t = desk.t_defenders
    chat_id = query.message.chat.id if query.message is not None else 0
    if not await members.may_act(query.from_user.id, chat_id):
        callback_answer.text, callback_answer.show_alert = str(t("case-refused")), True
        return
    case = await desk.cases.get(callback_data.c)
    thread = query.message.message_thread_id if isinstance(query.message, Message) else None
    # forged, or pressed somewhere else: another topic, or another organisation's group
    if case is None or case.topic_id != thread or desk.chat_of(case) != chat_id:
        callback_answer.text, callback_answer.show_alert = str(t("case-refused")), True
        return
    action = callback_data.a
    if action == CaseAction.TRANSFER:
        refused = transfer.refusal(desk, members, case, query.from_user.id, chat_id)
        if refused:
            callback_answer.text, callback_answer.show_alert = str(t(refused)), True
        else:
            await transfer.choose(query, desk, case)
        return
    refused = authority.refusal(action, case, query.from_user.id, members.admins_of(chat_id))
    if refused:
        callback_answer.text, callback_answer.show_alert = str(t(refused)), True
        return
    if action == CaseAction.BLOCK and not case.blocked and case.user_id is not None:
        question = t("case-block-confirm", case=case.id)
        await show(query, f"{await desk.status_text(case)}\n\n{question}",
                   case_buttons(t, case.id, case.state, confirm_block=True))
        return
    if action == CaseAction.CLOSE and case.open:  # closing tells the person: asked first
        question = t("case-close-confirm", case=case.id)
        await show(query, f"{await desk.status_text(case)}\n\n{question}",
                   case_buttons(t, case.id, case.state, confirm_close=True))
        return
    # staff are named to colleagues: the name they chose, else their first name only
    name = await desk.cases.display_name(query.from_user.id) or query.from_user.first_name
    problem = await apply(desk, case, action, query.from_user.id, name)
    if problem:
        callback_answer.text = str(t(problem, case=case.id))
    updated = await desk.cases.get(case.id)
    assert updated is not None
    await show(query, await desk.status_text(updated),
               case_buttons(t, case.id, updated.state, updated.blocked,
                            transfer=desk.transferable))


async def apply(desk: CaseDesk, case: Case, action: CaseAction, defender_id: int,
                name: str = "") -> str | None:
    """Change the case as pressed; returns the id of a short answer when nothing changed."""
    if action in (CaseAction.BLOCK, CaseAction.BLOCK_YES):
        if case.user_id is None:
            return "case-person-gone"
        if case.blocked:
            return "case-already-blocked"
        await desk.block(case, defender_id, name)
    elif action in (CaseAction.BLOCK_NO, CaseAction.CLOSE_NO, CaseAction.TRANSFER_NO):
        return None  # the summary comes back as it was
    elif action == CaseAction.UNBLOCK:  # the caller checked that this is an admin
        if not case.blocked:
            return "case-not-blocked"
        await desk.unblock(case, defender_id)
    elif action == CaseAction.TAKE:
        if case.state != "new":
            return "case-already-taken" if case.state == "taken" else "case-is-closed"
        await desk.cases.take(case.id, defender_id)
        await desk.notice(case, "case-taken-by", name=name)
        await desk.tell_person(case, "case-taken-person")
    elif action == CaseAction.RELEASE:
        if case.state != "taken":
            return "case-not-taken"
        await desk.cases.release(case.id, defender_id)
        await desk.notice(case, "case-released-by", name=name)
    elif action in (CaseAction.CLOSE, CaseAction.CLOSE_YES):
        if case.state == "closed":
            return "case-is-closed"
        await desk.cases.close(case.id, "defender", defender_id)
        await desk.notice(case, "case-closed-by", name=name)
        await desk.tell_person(case, "case-closed-person")
    elif case.state == "closed":  # REOPEN
        if case.user_id is None:
            return "case-person-gone"
        await desk.cases.reopen(case.id)
        await desk.notice(case, "case-reopened-by", name=name)
    return None


async def on_send(message: Message, command: CommandObject, desk: CaseDesk,
                  members: Members) -> None:
    """/send words: to the person of this topic's case, without replying to anything."""
    case = await acting_case(message, desk, members)
    if case is None or message.from_user is None:
        return
    if not command.args:
        await answer(message, desk.t_defenders("case-send-usage"))
        return
    cut = utf16_len((message.text or "")[:len(message.text or "") - len(command.args)])
    await desk.relay_out(message, case, message.from_user.id, text=command.args, cut=cut)


async def on_transfer_command(message: Message, command: CommandObject, desk: CaseDesk,
                              members: Members) -> None:
    """/transfer <key> <note>: in a case's topic, by its defender or an admin."""
    case = await acting_case(message, desk, members)
    if case is None or message.from_user is None:
        return
    t = desk.t_defenders
    refused = transfer.refusal(desk, members, case, message.from_user.id, message.chat.id)
    if refused:
        await answer(message, t(refused, case=case.id))
        return
    key, _, note = (command.args or "").strip().partition(" ")
    to = desk.orgs.get(key)
    if to is None or to.key == case.org:
        choices = ", ".join(f"{o.key} ({o.title(t.locale)})" for o in transfer.others(desk, case))
        await answer(message, t("case-transfer-usage", orgs=choices))
        return
    name = await desk.cases.display_name(message.from_user.id) or message.from_user.first_name
    await transfer.transfer(desk, case, to, note.strip()[:transfer.NOTE_LIMIT] or None,
                            message.from_user.id, name)


async def on_note(message: Message, command: CommandObject, desk: CaseDesk,
                  members: Members) -> None:
    """/note words: an internal note on this topic's case, shown on its summary; /note alone
    lists the latest ones. Never sent to the person."""
    case = await acting_case(message, desk, members)
    if case is None or message.from_user is None:
        return
    t = desk.t_defenders
    words = (command.args or "").strip()[:NOTE_LIMIT]
    if not words:
        notes = await desk.notes.latest(case.id, limit=5)
        lines = [t("case-note-line", name=await desk.cases.display_name(n.defender_id)
                   or t("case-defender"), when=day_time(n.at), note=n.body) for n in notes]
        await answer(message, "\n\n".join(lines) if lines else t("case-note-usage"))
        return
    await desk.notes.add(case.id, message.from_user.id, words)
    await desk.show_note(case)
    await answer(message, t("case-note-saved"))


async def on_name(message: Message, command: CommandObject, desk: CaseDesk,
                  members: Members) -> None:
    """/name Aigerim: the name replies are signed with (none: "Defender")."""
    if message.from_user is None or \
            not await members.may_act(message.from_user.id, message.chat.id):
        return
    name = (command.args or "").strip()[:NAME_LIMIT] or None
    await desk.cases.set_display_name(message.from_user.id, name)
    t = desk.t_defenders
    await answer(message, t("case-name-set", name=name) if name else t("case-name-cleared"))


async def on_help(message: Message, desk: CaseDesk) -> None:
    """/help in the group, in a case's topic or in General: how to answer a person."""
    await answer(message, desk.t_defenders(HOWTO))


async def on_message(message: Message, desk: CaseDesk, members: Members,
                     topics: Topics) -> None:
    """A reply to a relayed message goes to the person; anything else stays internal."""
    if message.migrate_to_chat_id is not None:  # the group became a supergroup: follow it
        await topics.follow_migration(message.chat.id, message.migrate_to_chat_id)
        return
    case = await case_of_topic(message, desk)
    if case is None or message.from_user is None:
        return
    found = await relayed_behind(message, case, desk)
    if found is UNRESOLVED:
        await answer(message, desk.t_defenders("case-reply-again"))
        return
    if found is None:  # a plain message, or a reply to a colleague or a notice: internal
        if written_by_a_defender(message):
            await guide.hint_if_quiet(desk, case, message)
        return
    if not await members.may_act(message.from_user.id, message.chat.id):
        await answer(message, desk.t_defenders("case-refused"))
        return
    await desk.relay_out(message, case, message.from_user.id)


async def relayed_behind(message: Message, case: Case, desk: CaseDesk,
                         ) -> tuple[int, str] | Unresolved | None:
    """The person's message behind the one replied to, if it is part of the conversation.
    A copy is known once the outbound worker has recorded Telegram's answer, a moment after
    it appears in the topic. A reply to the bot's fresh message waits while the group's
    message being sent is a copy for this case (rows go one at a time, in order: a copy on
    the screen but not recorded is that row), and no longer than that one row takes: when
    the row ends, its record is there or the reply was to something else. Still the same row
    after COPY_RECORD_WAIT_S: UNRESOLVED (never taken for a note to colleagues: the
    defender's words would not reach the person, and no one would know)."""
    replied = message.reply_to_message
    if replied is None:
        return None
    found = await desk.cases.in_person_chat(case.id, replied.message_id)
    if found is not None or not fresh_from_the_bot(message, replied):
        return found
    row = await relay_on_its_way(desk, case)
    loop = asyncio.get_running_loop()
    deadline, pause = loop.time() + COPY_RECORD_WAIT_S, 0.05
    while row is not None:
        await asyncio.sleep(pause)
        pause = min(0.5, pause * 2)
        if await relay_on_its_way(desk, case) != row:
            break
        if loop.time() >= deadline:
            return UNRESOLVED
    # read again even when no row was on its way: it may have ended, with its record,
    # between the first read and the look at the queue
    return await desk.cases.in_person_chat(case.id, replied.message_id)


async def relay_on_its_way(desk: CaseDesk, case: Case) -> int | None:
    """The outbox row of the group's message being sent now or next, if it is a copy for
    this case (a row ends together with its copy's record: bot/pipeline/outbound.py,
    `_finish`)."""
    chat_id = desk.chat_of(case)
    head = None if chat_id is None else await desk.queue.head(chat_id)
    if head is not None and isinstance(head.purpose, Relayed) and head.row.ref == str(case.id):
        return head.row.id
    return None


def fresh_from_the_bot(message: Message, replied: Message) -> bool:
    """The bot's own message, sent shortly before the reply (Telegram's clock for both)."""
    author = replied.from_user
    return (author is not None and message.bot is not None and author.id == message.bot.id
            and (message.date - replied.date).total_seconds() < FRESH_COPY_S)


def written_by_a_defender(message: Message) -> bool:
    """Words or media a person wrote (an anonymous admin too), not a service message or
    another bot's."""
    user = message.from_user
    return user is not None and message.content_type in COPYABLE and (
        not user.is_bot or user.id == GROUP_ANONYMOUS_BOT)


async def on_edited(message: Message, desk: CaseDesk) -> None:
    case = await case_of_topic(message, desk)
    if case is not None and message.from_user is not None:
        await desk.edit_out(message, case, message.from_user.id)


def make_router() -> Router:
    router = Router(name="defenders")
    router.callback_query.register(on_case_press, CasePress.filter())
    router.message.register(on_send, Command("send"))
    router.message.register(on_name, Command("name"))
    router.message.register(on_note, Command("note"))
    router.message.register(answers.on_answers, Command("answers"))
    router.message.register(answers.on_send_answer, Command("a"))
    router.message.register(stats.on_stats, Command("stats"))
    router.message.register(on_transfer_command, Command("transfer"))
    router.callback_query.register(transfer.on_transfer_press, CaseTransfer.filter())
    router.message.register(on_help, Command("help"))
    router.message.register(on_message)  # no magic filters: they would run in a thread
    router.edited_message.register(on_edited)
    return router
