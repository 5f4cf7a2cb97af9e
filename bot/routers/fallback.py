"""Anything no other handler took: a gentle re-prompt, never silence and never a traceback."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.content import LegalContent
from bot.i18n import Translator
from bot.middlewares.visitor import Visitor
from bot.render import Templates
from bot.routers.assessment import show_where_we_are
from bot.routers.menu import show_menu
from bot.routers.start import on_start
from storage.people import PeopleRepo

router = Router(name="fallback")


@router.message(F.chat.type == "private")
async def on_unexpected_message(message: Message, t: Translator, state: FSMContext,
                                content: LegalContent, templates: Templates, visitor: Visitor,
                                people: PeopleRepo) -> None:
    """Text, stickers, photos, voice, unknown commands: answer with the screen the person is on.
    Someone new, whatever they send first, meets the same first screen as after /start."""
    if visitor.locale is None:
        await on_start(message, visitor, t, people)
    elif not await show_where_we_are(message, t, state, content, templates, reprompt=True):
        await show_menu(message, t, state, content, intro="fallback-menu")


@router.callback_query(F.message.chat.type == "private")
async def on_unknown_button(query: CallbackQuery, t: Translator, state: FSMContext,
                            content: LegalContent, templates: Templates,
                            callback_answer: CallbackAnswer) -> None:
    """A forged or outdated button: say so briefly and show where the person really is."""
    callback_answer.text = str(t("stale-button"))
    if not await show_where_we_are(query, t, state, content, templates):
        await show_menu(query, t, state, content)


@router.callback_query()
async def on_button_elsewhere(query: CallbackQuery) -> None:
    """A press from a chat the bot does not serve yet: the answer middleware stops the spinner."""
