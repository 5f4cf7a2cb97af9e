"""What works in every state: emergency numbers, quick exit, erasing one's data, /cancel."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove

from bot.kit.callbacks import Go, QuickExit, Screen
from bot.kit.i18n import Translator
from bot.kit.keys import GONE_AT_EXIT
from bot.kit.screens import Dialog, Screens
from bot.kit.show import show
from bot.safety.callbacks import EraseConfirm
from bot.safety.keyboards import erase_confirm
from bot.safety.leaving import Leaving
from storage.chat_log import ChatLogRepo

log = logging.getLogger(__name__)
DELETE_BATCH = 100  # deleteMessages takes at most 100 ids
# A reply keyboard (the intake's phone, the directory's location) may outlive its deleted message
HIDE_KEYBOARD = ReplyKeyboardRemove()
ANSWER_FIRST = {"callback_answer": {"pre": True}}  # the spinner stops before the chat clears


async def on_numbers(event: Message | CallbackQuery, screens: Screens) -> None:
    await screens.numbers(event)


async def clear_chat(bot: Bot, chat_id: int, chat_log: ChatLogRepo) -> bool:
    """Delete every message of this chat that Telegram still lets the bot delete; True when
    older messages (past Telegram's 48 hours) are left in the chat."""
    ids = await chat_log.deletable(chat_id)
    older = await chat_log.older_remain(chat_id)
    for start in range(0, len(ids), DELETE_BATCH):
        try:
            await bot.delete_messages(chat_id, ids[start:start + DELETE_BATCH])
        except TelegramAPIError as exc:  # some may be gone already; keep deleting the rest
            log.warning("quick exit: a batch could not be deleted (%s)", exc)
    await chat_log.clear(chat_id)
    return older


async def on_quick_exit(event: Message | CallbackQuery, t: Translator, state: FSMContext,
                        leaving: Leaving) -> None:
    """Clear the chat and leave one message that says nothing to someone glancing at it; when
    older messages could not be deleted, it says so plainly, in words as neutral. Whatever
    could reach the person later (a defender's reply, news) is paused first, and waits until
    they come back and say it is safe; the case's topic is told at once."""
    bot, chat_log, desk = event.bot, leaving.chat_log, leaving.desk
    assert bot is not None
    chat_id = event.from_user.id if isinstance(event, CallbackQuery) else event.chat.id
    subscription = await leaving.subscriptions.get(chat_id)
    if await desk.open_case_of(chat_id) is not None or (subscription and subscription.active):
        await desk.pause_contact(chat_id, "exit")
    data = await state.get_data()
    if any(key in data for key in GONE_AT_EXIT):  # typed words, an unsaved journal entry
        await state.set_data({k: v for k, v in data.items() if k not in GONE_AT_EXIT})
    older = await clear_chat(bot, chat_id, chat_log)
    await bot.send_message(chat_id, t("trace-exit-older" if older else "exit-neutral"),
                           reply_markup=HIDE_KEYBOARD)


async def on_forget(event: Message | CallbackQuery, screens: Screens) -> None:
    await show(event, screens.t("forget-confirm"), erase_confirm(screens.t))


async def on_forget_confirmed(query: CallbackQuery, t: Translator, leaving: Leaving) -> None:
    bot, chat_log, person = query.bot, leaving.chat_log, query.from_user.id
    assert bot is not None
    older = await clear_chat(bot, person, chat_log)
    await leaving.desk.forget(person)  # open cases close; their topics are told, without details
    await leaving.people.forget(person)
    await bot.send_message(person, t("trace-forget-older" if older else "forget-done"),
                           reply_markup=HIDE_KEYBOARD)
    await chat_log.forget(person)  # the confirmation's own id is not kept either


async def on_forget_declined(query: CallbackQuery, screens: Screens) -> None:
    await screens.menu(query, intro="forget-kept")


async def on_cancel(message: Message, journey: Dialog, screens: Screens) -> None:
    had_dialog = journey.in_dialog
    await journey.clear()
    await screens.menu(message, intro="cancel-done" if had_dialog else "cancel-nothing")


def make_router() -> Router:
    router = Router(name="safety")
    router.callback_query.register(on_numbers, Go.filter(F.to == Screen.SOS))
    router.message.register(on_numbers, Command("sos"))
    router.callback_query.register(on_quick_exit, QuickExit.filter(), flags=ANSWER_FIRST)
    router.message.register(on_quick_exit, Command("exit"))
    router.message.register(on_forget, Command("forget"))
    router.callback_query.register(on_forget, Go.filter(F.to == Screen.FORGET))
    router.callback_query.register(on_forget_confirmed, EraseConfirm.filter(F.yes),
                                   flags=ANSWER_FIRST)
    router.callback_query.register(on_forget_declined, EraseConfirm.filter(~F.yes))
    router.message.register(on_cancel, Command("cancel"))
    return router
