"""First contact, language, help and the main menu."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import F, Router
from aiogram.filters import Command, CommandStart, Filter
from aiogram.types import CallbackQuery, Message

from bot.kit import keyboards
from bot.kit.callbacks import Go, PickLanguage, Screen
from bot.kit.i18n import LOCALES, Translations, Translator
from bot.kit.screens import Screens
from bot.kit.show import show
from bot.pipeline.middlewares.context import Visitor
from bot.start.welcome import welcome
from storage.people import PeopleRepo
from storage.subscriptions import SubscriptionsRepo


async def on_language(event: Message | CallbackQuery, screens: Screens) -> None:
    await screens.languages(event, menu=True)


async def on_greeting_language(query: CallbackQuery, screens: Screens) -> None:
    await screens.languages(query, menu=False, greeting=True)


@dataclass(frozen=True)
class Languages:
    """Where a language choice is kept and read: the feature's one context, made once at the
    composition root (bot/app.py) and handed to its handler as `languages`."""

    people: PeopleRepo
    subscriptions: SubscriptionsRepo
    translations: Translations


async def on_language_picked(query: CallbackQuery, callback_data: PickLanguage,
                             visitor: Visitor, screens: Screens, languages: Languages) -> None:
    await languages.people.set_locale(visitor.user_id, callback_data.code)
    # News follows the person's language; a no-op for someone not subscribed.
    await languages.subscriptions.set_locale(visitor.user_id, callback_data.code)
    screens = screens.in_locale(languages.translations.get(callback_data.code))
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


async def on_more(query: CallbackQuery, screens: Screens) -> None:
    await screens.more(query)


async def on_talk(query: CallbackQuery, screens: Screens) -> None:
    await screens.talk(query)


class NewPerson(Filter):
    """Someone who has not chosen a language yet: new to the bot (async: no thread hop)."""

    async def __call__(self, message: Message, visitor: Visitor) -> bool:
        return visitor.locale is None


def first_contact_router() -> Router:
    """Near the end of the private branch (bot/tree.py): someone new, whatever they send first,
    meets the same first screen as after /start."""
    router = Router(name="first contact")
    router.message.register(welcome, NewPerson())
    return router


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
    router.callback_query.register(on_more, Go.filter(F.to == Screen.MORE))
    return router
