"""Showing a screen: edit the current one in place when a button was pressed, else send one.

Editing keeps the chat short, so there is less on the phone for someone else to read. Only the
presser's own screen is ever edited: in a private chat the pressed message must be in the
presser's own chat (the guard refuses other presses; this is the second lock on that door).
"""

from __future__ import annotations

import logging

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

log = logging.getLogger(__name__)

Event = Message | CallbackQuery


def editable(query: CallbackQuery) -> Message | None:
    """The pressed message, if this press may change it: in a group, or in the presser's own
    private chat."""
    message = query.message
    if not isinstance(message, Message):
        return None
    if message.chat.type == "private" and message.chat.id != query.from_user.id:
        return None
    return message


async def show(event: Event, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    if isinstance(event, CallbackQuery):
        message = editable(event)
        if message is not None:
            try:
                await message.edit_text(str(text), reply_markup=markup)
                return
            except TelegramBadRequest as exc:
                if "not modified" in exc.message:
                    return
                # too old to edit, or gone: fall through and send the screen anew
                log.info("could not edit a screen (%s); sending it anew", exc.message)
        if event.bot is None:
            return
        await event.bot.send_message(event.from_user.id, str(text), reply_markup=markup)
        return
    await event.answer(str(text), reply_markup=markup)
