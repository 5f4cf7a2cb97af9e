"""Anything no other router took: never silence and never a traceback.

Private chats end in their own branch (bot/tree.py): someone new meets the greeting
(bot.start), typed words the note (bot.handoff.note), a stale or forged press "where we are"
(bot.assessment). What reaches this router is a press from a chat the bot does not serve.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery


async def on_button_elsewhere(query: CallbackQuery) -> None:
    """A press from a chat the bot does not serve yet: the answer middleware stops the spinner."""


def make_router() -> Router:
    router = Router(name="fallback")
    router.callback_query.register(on_button_elsewhere)
    return router
