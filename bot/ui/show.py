"""Showing a screen: edit the current one in place when a button was pressed, else send one.

Editing keeps the chat short, so there is less on the phone for someone else to read.
"""

from __future__ import annotations

import logging

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

log = logging.getLogger(__name__)

Event = Message | CallbackQuery


async def show(event: Event, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    if isinstance(event, CallbackQuery):
        message = event.message
        if isinstance(message, Message):
            try:
                await message.edit_text(str(text), reply_markup=markup)
                return
            except TelegramBadRequest as exc:
                if "not modified" in exc.message:
                    return
                # too old to edit, or gone: fall through and send the screen anew
                log.info("could not edit a screen (%s); sending it anew", exc.message)
        if event.bot is None or event.from_user is None:
            return
        await event.bot.send_message(event.from_user.id, str(text), reply_markup=markup)
        return
    await event.answer(str(text), reply_markup=markup)
