"""Showing a screen: edit the current one in place when a button was pressed, else send one.

Editing keeps the chat short, so there is less on the phone for someone else to read. Only the
presser's own screen is ever edited: in a private chat the pressed message must be in the
presser's own chat (the guard refuses other presses; this is the second lock on that door).
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from dialogs.loggable import telegram_reason

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
                log.info("could not edit a screen (%s); sending it anew",
                         telegram_reason(exc.message))
        if event.bot is None:
            return
        await event.bot.send_message(event.from_user.id, str(text), reply_markup=markup)
        return
    await event.answer(str(text), reply_markup=markup)


async def show_here(event: Event, text: str, markup: InlineKeyboardMarkup | None = None) -> int:
    """As show(), returning the id of the message the screen is on now, so a typed answer
    that comes later can edit that same screen (show_on) instead of sending a new one."""
    if isinstance(event, CallbackQuery):
        message = editable(event)
        if message is not None:
            try:
                await message.edit_text(str(text), reply_markup=markup)
                return message.message_id
            except TelegramBadRequest as exc:
                if "not modified" in exc.message:
                    return message.message_id
                log.info("could not edit a screen (%s); sending it anew",
                         telegram_reason(exc.message))
        assert event.bot is not None
        sent = await event.bot.send_message(event.from_user.id, str(text), reply_markup=markup)
        return sent.message_id
    return (await event.answer(str(text), reply_markup=markup)).message_id


async def show_on(bot: Bot, chat_id: int, screen: int, text: str,
                  markup: InlineKeyboardMarkup | None = None) -> int:
    """Edit the screen `screen` (after a typed answer, which has no pressed message); if it
    cannot be edited any more, send it anew. Returns the id of the message it is on now."""
    try:
        await bot.edit_message_text(str(text), chat_id=chat_id, message_id=screen,
                                    reply_markup=markup)
        return screen
    except TelegramBadRequest as exc:
        if "not modified" in exc.message:
            return screen
        log.info("could not edit the screen (%s); sending it anew", telegram_reason(exc.message))
    return (await bot.send_message(chat_id, str(text), reply_markup=markup)).message_id


async def delete_typed(bot: Bot, message: Message) -> bool:
    """Delete what the person sent once it is stored, so a phone number, a code word or a
    description does not stay on a phone someone else may read. Best effort: the bot may
    delete a message in a private chat for 48 hours."""
    try:
        return bool(await bot.delete_message(message.chat.id, message.message_id))
    except TelegramAPIError as exc:
        log.info("could not delete a typed answer (%s)", exc)
        return False
