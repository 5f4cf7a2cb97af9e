"""Someone blocked the bot: their open case's topic is told, and their subscription stops
(unblocking later does not resubscribe them silently)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import KICKED, ChatMemberUpdatedFilter
from aiogram.types import ChatMemberUpdated

from bot.handoff.desk import CaseDesk
from storage.subscriptions import SubscriptionsRepo


async def on_blocked(update: ChatMemberUpdated, desk: CaseDesk,
                     subscriptions: SubscriptionsRepo) -> None:
    person = update.from_user.id
    await desk.person_blocked(person)
    await subscriptions.deactivate(person)


def make_router() -> Router:
    router = Router(name="blocked")
    router.my_chat_member.register(on_blocked,
                                   ChatMemberUpdatedFilter(member_status_changed=KICKED))
    return router
