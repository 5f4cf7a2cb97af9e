"""What works in every state: emergency numbers, quick exit, erasing one's data, /cancel."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot import keyboards
from bot.callbacks import EraseConfirm, Go, QuickExit, Screen
from bot.content import LegalContent
from bot.i18n import Translator
from bot.routers.menu import resume_label, show_menu
from bot.screens import Event, show
from storage.chat_log import ChatLogRepo
from storage.people import PeopleRepo

router = Router(name="safety")
router.message.filter(F.chat.type == "private")
router.callback_query.filter(F.message.chat.type == "private")
log = logging.getLogger(__name__)
DELETE_BATCH = 100  # deleteMessages takes at most 100 ids


async def show_numbers(event: Event, t: Translator, state: FSMContext,
                       content: LegalContent) -> None:
    label = await resume_label(t, state, content)
    await show(event, t("sos-text"), keyboards.after_numbers(t, label))


@router.callback_query(Go.filter(F.to == Screen.SOS))
async def on_numbers(query: CallbackQuery, t: Translator, state: FSMContext,
                     content: LegalContent) -> None:
    await show_numbers(query, t, state, content)


@router.message(Command("sos"))
async def on_numbers_command(message: Message, t: Translator, state: FSMContext,
                             content: LegalContent) -> None:
    await show_numbers(message, t, state, content)


async def clear_chat(bot: Bot, chat_id: int, chat_log: ChatLogRepo) -> None:
    """Delete every message of this chat that Telegram still lets the bot delete."""
    ids = await chat_log.deletable(chat_id)
    for start in range(0, len(ids), DELETE_BATCH):
        try:
            await bot.delete_messages(chat_id, ids[start:start + DELETE_BATCH])
        except TelegramAPIError as exc:  # some may be gone already; keep deleting the rest
            log.warning("quick exit: a batch could not be deleted (%s)", type(exc).__name__)
    await chat_log.clear(chat_id)


async def quick_exit(bot: Bot, chat_id: int, t: Translator, chat_log: ChatLogRepo) -> None:
    """Clear the chat and leave one message that says nothing to someone glancing at it."""
    await clear_chat(bot, chat_id, chat_log)
    await bot.send_message(chat_id, t("exit-neutral"))


# The press is answered before the screen disappears, so the spinner stops at once.
@router.callback_query(QuickExit.filter(), flags={"callback_answer": {"pre": True}})
async def on_quick_exit(query: CallbackQuery, bot: Bot, t: Translator,
                        chat_log: ChatLogRepo) -> None:
    await quick_exit(bot, query.from_user.id, t, chat_log)


@router.message(Command("exit"))
async def on_quick_exit_command(message: Message, bot: Bot, t: Translator,
                                chat_log: ChatLogRepo) -> None:
    await quick_exit(bot, message.chat.id, t, chat_log)


@router.message(Command("forget"))
async def on_forget_command(message: Message, t: Translator) -> None:
    await show(message, t("forget-confirm"), keyboards.erase_confirm(t))


@router.callback_query(Go.filter(F.to == Screen.FORGET))
async def on_forget_button(query: CallbackQuery, t: Translator) -> None:
    await show(query, t("forget-confirm"), keyboards.erase_confirm(t))


@router.callback_query(EraseConfirm.filter(F.yes), flags={"callback_answer": {"pre": True}})
async def on_forget_confirmed(query: CallbackQuery, bot: Bot, t: Translator, people: PeopleRepo,
                              chat_log: ChatLogRepo) -> None:
    person = query.from_user.id
    await clear_chat(bot, person, chat_log)
    await people.forget(person)
    await bot.send_message(person, t("forget-done"))
    await chat_log.clear(person)  # the confirmation's own id is not kept either


@router.callback_query(EraseConfirm.filter(~F.yes))
async def on_forget_declined(query: CallbackQuery, t: Translator, state: FSMContext,
                             content: LegalContent) -> None:
    await show_menu(query, t, state, content, intro="forget-kept")


@router.message(Command("cancel"))
async def on_cancel(message: Message, t: Translator, state: FSMContext,
                    content: LegalContent) -> None:
    had_dialog = await state.get_state() is not None
    await state.clear()
    await show_menu(message, t, state, content,
                    intro="cancel-done" if had_dialog else "cancel-nothing")
