"""Words typed where no answer is expected (text on a screen of buttons, a photo, a voice message,
an unknown command) get one short note below them that keeps the person's place: their screen
above and their dialog state are left as they were, and the note offers the ways on (send it to
a defender, the emergency numbers). Several messages in a row share that one note, edited in
place, so a watched phone does not fill with the bot's answers.

The last router of the private branch (bot/tree.py), after every journey; someone new meets the
greeting instead (bot.start).
"""

from __future__ import annotations

from dataclasses import replace

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.handoff import talk
from bot.handoff import typed_screens as ui
from bot.handoff.desk import CaseDesk
from bot.handoff.typed import Pending, note_is_current
from bot.kit.keys import PENDING_KEY
from bot.kit.screens import Screens
from bot.kit.show import show_on
from storage.chat_log import ChatLogRepo


async def note(message: Message, screens: Screens, state: FSMContext, chat_log: ChatLogRepo,
               desk: CaseDesk) -> None:
    """Keep the message for a press (a command is never sent anywhere) and show the note:
    the one shown just before, edited, while it is still the newest thing in the chat."""
    t = screens.t
    pending = Pending.from_data((await state.get_data()).get(PENDING_KEY))
    if pending is not None and not await note_is_current(pending, message, chat_log):
        pending = None
    # a command is never kept: its note comes after the older one, which is left behind
    command = (message.text or "").startswith("/")
    pending = None if command else (pending or Pending(note=0)).with_message(message)
    count = len(pending.messages) if pending else 0
    assert message.from_user is not None  # private chats: always a sender
    case = await talk.case_to_write_to(desk, message.from_user.id) is not None
    # a person a defender blocked is offered the helplines, not a send that cannot happen
    defenders = screens.defenders and not (case and await desk.blocked(message.from_user.id))
    case = case and defenders
    text = ui.note_text(t, count, case=case, defenders=defenders)
    markup = ui.note_keyboard(t, count, case=case, defenders=defenders)
    if pending is not None and pending.note:
        bot = message.bot
        assert bot is not None
        shown = await show_on(bot, message.chat.id, pending.note, text, markup)
    else:
        shown = (await message.answer(text, reply_markup=markup)).message_id
    if pending is not None:  # update_data: the dialog state (the person's place) is kept
        await state.update_data({PENDING_KEY: replace(pending, note=shown).to_data()})


def make_router() -> Router:
    router = Router(name="note")
    router.message.register(note)
    return router
