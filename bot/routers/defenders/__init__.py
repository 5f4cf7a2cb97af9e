"""The defenders' group: the buttons on a case's summary, replies to relayed messages (and
/send) going to the person, edits of those replies, and /name for the signature.

Only members of the group (asked of Telegram with getChatMember, remembered for a while) and
ADMIN_IDS may act; every other message in a topic stays internal, for colleagues.

Blocking: any of them may block the person of a case (⛔ on the summary, asked first); only
ADMIN_IDS may lift a block (🔓 on the summary, refused with an alert for anyone else, or
/unblock <case number> in a private chat with the bot: bot/routers/admin/cases.py).
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.handoff.buttons import CaseAction, CasePress, case_buttons
from bot.handoff.desk import CaseDesk
from bot.handoff.members import Members
from bot.handoff.relay import utf16_len
from bot.handoff.topics import Topics
from bot.ui.show import show
from storage.cases import Case

NAME_LIMIT = 32


async def on_case_press(query: CallbackQuery, callback_data: CasePress, desk: CaseDesk,
                        members: Members, callback_answer: CallbackAnswer) -> None:
    t = desk.t_defenders
    if not await members.may_act(query.from_user.id):
        callback_answer.text, callback_answer.show_alert = str(t("case-refused")), True
        return
    case = await desk.cases.get(callback_data.c)
    thread = query.message.message_thread_id if isinstance(query.message, Message) else None
    if case is None or case.topic_id != thread:  # forged, or pressed somewhere else
        callback_answer.text, callback_answer.show_alert = str(t("case-refused")), True
        return
    action = callback_data.a
    if action == CaseAction.UNBLOCK and query.from_user.id not in members.admins:
        callback_answer.text, callback_answer.show_alert = str(t("case-unblock-refused")), True
        return
    if action == CaseAction.BLOCK and not case.blocked and case.user_id is not None:
        question = t("case-block-confirm", case=case.id)
        await show(query, f"{await desk.status_text(case)}\n\n{question}",
                   case_buttons(t, case.id, case.state, confirm_block=True))
        return
    name = await desk.cases.display_name(query.from_user.id) or query.from_user.full_name
    problem = await apply(desk, case, action, query.from_user.id, name)
    if problem:
        callback_answer.text = str(t(problem, case=case.id))
    updated = await desk.cases.get(case.id)
    assert updated is not None
    await show(query, await desk.status_text(updated),
               case_buttons(t, case.id, updated.state, updated.blocked))


async def apply(desk: CaseDesk, case: Case, action: CaseAction, defender_id: int,
                name: str = "") -> str | None:
    """Change the case as pressed; returns the id of a short answer when nothing changed."""
    if action in (CaseAction.BLOCK, CaseAction.BLOCK_YES):
        if case.user_id is None:
            return "case-person-gone"
        if case.blocked:
            return "case-already-blocked"
        await desk.block(case, defender_id, name)
    elif action == CaseAction.BLOCK_NO:
        return None  # the summary comes back as it was
    elif action == CaseAction.UNBLOCK:  # the caller checked that this is an admin
        if not case.blocked:
            return "case-not-blocked"
        await desk.unblock(case, defender_id)
    elif action == CaseAction.TAKE:
        if case.state != "new":
            return "case-already-taken" if case.state == "taken" else "case-is-closed"
        await desk.cases.take(case.id, defender_id)
        await desk.tell_person(case, "case-taken-person")
    elif action == CaseAction.RELEASE:
        if case.state != "taken":
            return "case-not-taken"
        await desk.cases.release(case.id, defender_id)
    elif action == CaseAction.CLOSE:
        if case.state == "closed":
            return "case-is-closed"
        await desk.cases.close(case.id, "defender", defender_id)
        await desk.tell_person(case, "case-closed-person")
    elif case.state == "closed":  # REOPEN
        if case.user_id is None:
            return "case-person-gone"
        await desk.cases.reopen(case.id)
    return None


async def case_of_topic(message: Message, desk: CaseDesk) -> Case | None:
    if not message.is_topic_message or message.message_thread_id is None:
        return None
    return await desk.cases.by_topic(message.message_thread_id)


async def on_send(message: Message, command: CommandObject, desk: CaseDesk,
                  members: Members) -> None:
    """/send words: to the person of this topic's case, without replying to anything."""
    case = await case_of_topic(message, desk)
    if case is None or message.from_user is None:
        return
    if not await members.may_act(message.from_user.id):
        await message.reply(desk.t_defenders("case-refused"))
        return
    if not command.args:
        await message.reply(desk.t_defenders("case-send-usage"))
        return
    cut = utf16_len((message.text or "")[:len(message.text or "") - len(command.args)])
    await desk.relay_out(message, case, message.from_user.id, text=command.args, cut=cut)


async def on_name(message: Message, command: CommandObject, desk: CaseDesk,
                  members: Members) -> None:
    """/name Aigerim: the name replies are signed with (none: "Defender")."""
    if message.from_user is None or not await members.may_act(message.from_user.id):
        return
    name = (command.args or "").strip()[:NAME_LIMIT] or None
    await desk.cases.set_display_name(message.from_user.id, name)
    t = desk.t_defenders
    await message.reply(t("case-name-set", name=name) if name else t("case-name-cleared"))


async def on_message(message: Message, desk: CaseDesk, members: Members,
                     topics: Topics) -> None:
    """A reply to a relayed message goes to the person; anything else stays internal."""
    if message.migrate_to_chat_id is not None:  # the group became a supergroup: follow it
        await topics.follow_migration(message.chat.id, message.migrate_to_chat_id)
        return
    replied = message.reply_to_message
    case = await case_of_topic(message, desk)
    if case is None or replied is None or message.from_user is None:
        return
    found = await desk.cases.in_person_chat(case.id, replied.message_id)
    if found is None:
        return  # a reply to a colleague or to the bot's notices: internal
    if not await members.may_act(message.from_user.id):
        await message.reply(desk.t_defenders("case-refused"))
        return
    await desk.relay_out(message, case, message.from_user.id)


async def on_edited(message: Message, desk: CaseDesk) -> None:
    case = await case_of_topic(message, desk)
    if case is not None and message.from_user is not None:
        await desk.edit_out(message, case, message.from_user.id)


def make_router() -> Router:
    router = Router(name="defenders")
    router.callback_query.register(on_case_press, CasePress.filter())
    router.message.register(on_send, Command("send"))
    router.message.register(on_name, Command("name"))
    router.message.register(on_message)  # no magic filters: they would run in a thread
    router.edited_message.register(on_edited)
    return router
