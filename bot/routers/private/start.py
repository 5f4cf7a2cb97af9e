"""First contact, language, help and the main menu."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandStart
from aiogram.types import CallbackQuery, Message

from bot.broadcast.service import Broadcasts
from bot.i18n import LOCALES, Translations, Translator
from bot.middlewares.context import Visitor
from bot.ui import keyboards
from bot.ui.callbacks import Go, PickLanguage, Screen
from bot.ui.screens import Screens
from bot.ui.show import show
from bot.welcome import welcome
from storage.people import PeopleRepo


async def on_language(event: Message | CallbackQuery, screens: Screens) -> None:
    await screens.languages(event, menu=True)


async def on_greeting_language(query: CallbackQuery, screens: Screens) -> None:
    await screens.languages(query, menu=False, greeting=True)


async def on_language_picked(query: CallbackQuery, callback_data: PickLanguage,
                             visitor: Visitor, people: PeopleRepo, translations: Translations,
                             screens: Screens, broadcasts: Broadcasts) -> None:
    await people.set_locale(visitor.user_id, callback_data.code)
    # News follows the person's language; a no-op for someone not subscribed.
    await broadcasts.subscriptions.set_locale(visitor.user_id, callback_data.code)
    screens = screens.in_locale(translations.get(callback_data.code))
    # The first choice, or a change from the greeting, leads (back) to the greeting.
    if visitor.locale is None or callback_data.greeting:
        await screens.start(query)
    else:
        await screens.menu(query, intro="language-changed")


async def on_help(message: Message, t: Translator) -> None:
    hide = [keyboards.go(t, "btn-trace", Screen.HIDE)]  # keep this chat hidden, one press away
    await show(message, t("help-text"), keyboards.screen(t, [hide]))


async def on_menu(event: Message | CallbackQuery, screens: Screens) -> None:
    await screens.menu(event)


async def on_talk(query: CallbackQuery, screens: Screens) -> None:
    await screens.talk(query)


def make_router() -> Router:
    router = Router(name="start")
    router.message.register(welcome, CommandStart())
    router.message.register(on_language, Command("language"))
    router.callback_query.register(on_language, Go.filter(F.to == Screen.LANGUAGE))
    router.callback_query.register(on_greeting_language,
                                   Go.filter(F.to == Screen.GREETING_LANGUAGE))
    router.callback_query.register(on_language_picked, PickLanguage.filter(F.code.in_(LOCALES)))
    router.message.register(on_help, Command("help"))
    router.message.register(on_menu, Command("menu"))
    router.callback_query.register(on_menu, Go.filter(F.to == Screen.MENU))
    router.callback_query.register(on_talk, Go.filter(F.to == Screen.TALK))
    return router
