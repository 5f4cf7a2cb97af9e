"""Anything no other router took: a gentle re-prompt, never silence and never a traceback."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.filters import PrivateChat
from bot.middlewares.context import Visitor
from bot.ui.screens import Screens
from bot.welcome import welcome
from storage.people import PeopleRepo


async def on_unexpected_message(message: Message, visitor: Visitor, people: PeopleRepo,
                                screens: Screens) -> None:
    """Text, stickers, photos, voice, unknown commands: answer with the screen the person is on.
    Someone new, whatever they send first, meets the same first screen as after /start."""
    if visitor.locale is None:
        await welcome(message, visitor, people, screens)
    elif not await screens.where_we_are(message, reprompt=True):
        await screens.menu(message, intro="fallback-menu")


async def on_unknown_button(query: CallbackQuery, screens: Screens,
                            callback_answer: CallbackAnswer) -> None:
    """A forged or outdated button: say so briefly and show where the person really is."""
    callback_answer.text = str(screens.t("stale-button"))
    if not await screens.where_we_are(query):
        await screens.menu(query)


async def on_button_elsewhere(query: CallbackQuery) -> None:
    """A press from a chat the bot does not serve yet: the answer middleware stops the spinner."""


def make_router() -> Router:
    router = Router(name="fallback")
    router.message.register(on_unexpected_message, PrivateChat())
    router.callback_query.register(on_unknown_button, PrivateChat())
    router.callback_query.register(on_button_elsewhere)
    return router
