"""Keep this chat hidden (issue #15): what Telegram keeps on the phone and how to hide it.

Shown once on first contact, right after the greeting's "not in danger now" and before the menu:
someone in danger goes straight to the numbers and is never held up; someone who is not has a
moment to read it, and can skip it with one press. Always there later: the menu, /hide, /help.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, Filter
from aiogram.types import CallbackQuery, Message

from bot.kit.callbacks import Go, Screen
from bot.kit.screens import Screens
from bot.pipeline.middlewares.context import Visitor
from bot.trace import screens as tips
from bot.trace.callbacks import TracePage
from storage.people import PeopleRepo


async def on_safe_now(query: CallbackQuery, visitor: Visitor, people: PeopleRepo,
                      screens: Screens) -> None:
    """The greeting's "no": the tips the first time (marked shown), the menu ever after."""
    if await people.trace_tips_shown(visitor.user_id):
        await screens.menu(query)
        return
    await people.mark_trace_tips(visitor.user_id)
    await tips.trace(screens, query, 0, first=True)


class AutoDeleteChanged(Filter):
    """Telegram's service message when the person sets this chat's auto-delete timer (async:
    a synchronous filter would cost a thread hop on every message reaching this router)."""

    async def __call__(self, message: Message) -> bool:
        return message.message_auto_delete_timer_changed is not None


async def on_auto_delete_changed(message: Message) -> None:
    """The person followed the advice: Telegram already shows a line saying so. Nothing to add
    (the fallback would answer "I only understand buttons" with a new menu)."""


async def on_hide(event: Message | CallbackQuery, screens: Screens) -> None:
    await tips.trace(screens, event, 0, first=False)


async def on_page(query: CallbackQuery, callback_data: TracePage, screens: Screens) -> None:
    await tips.trace(screens, query, callback_data.s, first=callback_data.first)


def make_router() -> Router:
    router = Router(name="trace")
    router.callback_query.register(on_safe_now, Go.filter(F.to == Screen.SAFE_NOW))
    router.message.register(on_hide, Command("hide"))
    router.callback_query.register(on_hide, Go.filter(F.to == Screen.HIDE))
    router.callback_query.register(on_page, TracePage.filter())
    router.message.register(on_auto_delete_changed, AutoDeleteChanged())
    return router
