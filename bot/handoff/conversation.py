"""A person with an open case, in the conversation with their defender: what they write goes
to the defender (commands and the dialogs on screen come first; this router is the last of the
private ones).

Only where the person knows it will (bot.handoff.talk): on the conversation screen, or as a
reply to a message of the conversation. Anything typed elsewhere gets the fallback's calm note,
whose "send it to my defender" press (handled here) copies those very messages.

A person a defender blocked (bot/tree/defenders) is not relayed: the first message they
write is answered once, politely and without blame, with where else to get help; what they
write after that meets the fallback's note, as anywhere else the bot has no answer.
"""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message, TelegramObject, User
from aiogram.utils.callback_answer import CallbackAnswer

from bot.handoff import talk
from bot.handoff import typed_screens as ui
from bot.handoff.callbacks import TypedSend
from bot.handoff.desk import CaseDesk
from bot.handoff.session import Session
from bot.handoff.typed import Pending
from bot.kit import keyboards
from bot.kit.context import Bundle
from bot.kit.i18n import Translator
from bot.kit.keys import PENDING_KEY
from bot.kit.show import editable, show


class HasCase(Filter):
    """The person's open case (or one a defender closed, which writing reopens), injected as
    `case`, with `blocked`, their blocked case, when the person is blocked and not yet told;
    commands are never relayed, and a new message only in the conversation. An edit follows a
    message already relayed (the desk ignores the others), wherever the person is."""

    async def __call__(self, event: TelegramObject, desk: CaseDesk | None = None,
                       event_from_user: User | None = None, raw_state: str | None = None,
                       ) -> bool | dict[str, Any]:
        if event_from_user is None or not isinstance(event, Message):
            return False
        if (event.text or "").startswith("/"):
            return False
        case = await talk.case_to_write_to(desk, event_from_user.id)
        if case is None or desk is None:
            return False
        if not event.edit_date and not (talk.in_talk(raw_state)
                                        or await talk.replies_in_conversation(desk, case, event)):
            return False  # typed outside the conversation: the fallback asks first
        blocked = await desk.blocked(event_from_user.id)
        if blocked is not None:  # nothing passes; a new message is told once, an edit never
            if blocked.block_told or event.edit_date:
                return False
            return {"case": case, "blocked": blocked}
        return {"case": case, "blocked": None}


async def on_message(message: Message, case: Any, blocked: Any, desk: CaseDesk,
                     t: Translator) -> None:
    if blocked is not None:
        await desk.cases.told_block(blocked.id)
        await message.answer(t("case-blocked-person"), reply_markup=keyboards.back_to_menu(t))
        return
    await desk.relay_in(message, case)
    if not case.told_relay:  # said once, not after every message
        await desk.cases.told_relay(case.id)
        await message.answer(t("case-relay-started", case=case.id))


async def on_edited(message: Message, case: Any, desk: CaseDesk) -> None:
    await desk.edit_in(message, case)


async def on_send_typed(query: CallbackQuery, callback_data: TypedSend, here: Session,
                        callback_answer: CallbackAnswer) -> None:
    """The person pressed "send it to my defender" on the note: copy the messages it offered,
    and this note becomes the conversation screen."""
    state, raw_state, screens, desk = here.state, here.raw_state, here.screens, here.desk
    t, person = screens.t, query.from_user.id
    data = dict(await state.get_data())
    pending = Pending.from_data(data.get(PENDING_KEY))
    note = editable(query)
    if (pending is None or note is None or pending.note != note.message_id
            or len(pending.messages) != callback_data.c or not pending.messages):
        callback_answer.text = str(t("stale-button"))  # an older note: its moment passed
        await screens.menu(query)
        return
    count = len(pending.messages)
    case = await talk.case_to_write_to(desk, person)
    if case is None:  # closed since the note was shown: offer a new request instead
        callback_answer.text = str(t("stale-button"))
        await show(query, ui.note_text(t, count, case=False, defenders=desk.available),
                   ui.note_keyboard(t, count, case=False, defenders=desk.available))
        return
    data.pop(PENDING_KEY, None)
    await state.set_data(data)
    blocked = await desk.blocked(person)
    if blocked is not None:
        if not blocked.block_told:
            await desk.cases.told_block(blocked.id)
        await show(query, t("case-blocked-person"), keyboards.back_to_menu(t))
        return
    for message in pending.restored():
        await desk.relay_in(message, case)
        if not case.open:  # the first copy reopened it: the rest must not reopen it again
            case = await talk.case_to_write_to(desk, person) or case
    if not case.told_relay:
        await desk.cases.told_relay(case.id)  # the screen below says it
    await show(query, ui.sent_text(t, count, case.id), ui.sent_keyboard(t))
    await talk.enter(state, raw_state)


def make_router() -> Router:
    router = Router(name="relay")
    router.message.register(on_message, HasCase())
    router.edited_message.register(on_edited, HasCase())
    router.callback_query.register(on_send_typed, TypedSend.filter())
    router.callback_query.middleware(Bundle("here", Session.of))  # presses only: not the relay
    return router
