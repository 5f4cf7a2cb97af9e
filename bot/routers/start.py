"""First contact, language, help and the main menu."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot import keyboards
from bot.callbacks import Go, PickLanguage, Screen
from bot.content import LegalContent
from bot.i18n import LOCALES, Translations, Translator
from bot.middlewares.visitor import Visitor
from bot.routers.menu import show_menu
from bot.screens import Event, show
from storage.people import PeopleRepo

router = Router(name="start")
router.message.filter(F.chat.type == "private")
router.callback_query.filter(F.message.chat.type == "private")


async def show_start(event: Event, t: Translator) -> None:
    await show(event, t("start-greeting"), keyboards.danger_question(t))


async def offer_languages(event: Event, t: Translator, *, menu: bool) -> None:
    await show(event, t("language-choose"), keyboards.languages(t, menu=menu))


@router.message(CommandStart())
async def on_start(message: Message, visitor: Visitor, t: Translator, people: PeopleRepo) -> None:
    """Safety first: the first screen asks whether the person is in danger right now."""
    if visitor.locale is None:
        if visitor.client_locale is None:
            await offer_languages(message, t, menu=False)
            return
        await people.set_locale(visitor.user_id, visitor.client_locale)
    await show_start(message, t)


@router.message(Command("language"))
async def on_language_command(message: Message, t: Translator) -> None:
    await offer_languages(message, t, menu=True)


@router.callback_query(Go.filter(F.to == Screen.LANGUAGE))
async def on_language_button(query: CallbackQuery, t: Translator) -> None:
    await offer_languages(query, t, menu=True)


@router.callback_query(PickLanguage.filter(F.code.in_(LOCALES)))
async def on_language_picked(
    query: CallbackQuery, callback_data: PickLanguage, visitor: Visitor, people: PeopleRepo,
    translations: Translations, state: FSMContext, content: LegalContent,
) -> None:
    first_choice = visitor.locale is None
    await people.set_locale(visitor.user_id, callback_data.code)
    t = translations.get(callback_data.code)
    if first_choice:
        await show_start(query, t)
    else:
        await show_menu(query, t, state, content, intro="language-changed")


@router.message(Command("help"))
async def on_help(message: Message, t: Translator) -> None:
    await show(message, t("help-text"), keyboards.back_to_menu(t))


@router.message(Command("menu"))
async def on_menu_command(
    message: Message, t: Translator, state: FSMContext, content: LegalContent
) -> None:
    await show_menu(message, t, state, content)


@router.callback_query(Go.filter(F.to == Screen.MENU))
async def on_menu(query: CallbackQuery, t: Translator, state: FSMContext,
                  content: LegalContent) -> None:
    await show_menu(query, t, state, content)


@router.callback_query(Go.filter(F.to == Screen.TALK))
async def on_talk(query: CallbackQuery, t: Translator) -> None:
    await show(query, t("talk-text"), keyboards.back_to_menu(t))
