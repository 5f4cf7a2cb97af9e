"""Legal news: subscribing (only ever by the person's own press), silent or not, unsubscribing.

A subscription keeps the chat and its language, nothing else; its language follows the
person's (bot/start/router.py). Unsubscribing deletes it.
"""

from __future__ import annotations

from dataclasses import replace

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.kit.callbacks import NewsAction, NewsPress
from bot.kit.i18n import Translator
from bot.kit.screens import Screens
from bot.news.screens import show_news
from storage.subscriptions import Subscription, SubscriptionsRepo

SUBSCRIBE = {NewsAction.SUBSCRIBE_SILENT: True, NewsAction.SUBSCRIBE_LOUD: False}
TOGGLE = {NewsAction.MUTE: True, NewsAction.UNMUTE: False}


async def on_open(event: Message | CallbackQuery, t: Translator,
                  subscriptions: SubscriptionsRepo) -> None:
    person = event.from_user.id  # type: ignore[union-attr]  # private chats: always a sender
    await show_news(event, t, await subscriptions.get(person))


async def on_subscribe(query: CallbackQuery, callback_data: NewsPress, t: Translator,
                       subscriptions: SubscriptionsRepo) -> None:
    person, silent = query.from_user.id, SUBSCRIBE[callback_data.act]
    await subscriptions.subscribe(person, t.locale, silent=silent)
    await show_news(query, t, Subscription(person, t.locale, silent, active=True))


async def on_toggle(query: CallbackQuery, callback_data: NewsPress, t: Translator,
                    subscriptions: SubscriptionsRepo) -> None:
    """Only an active subscription changes: a press on an old screen after unsubscribing, or
    after blocking the bot, must not start the news again."""
    current = await subscriptions.get(query.from_user.id)
    if current is not None and current.active:
        current = replace(current, locale=t.locale, silent=TOGGLE[callback_data.act])
        await subscriptions.subscribe(current.chat_id, current.locale,
                                                 silent=current.silent)
    await show_news(query, t, current)


async def on_stop(event: Message | CallbackQuery, subscriptions: SubscriptionsRepo,
                  screens: Screens) -> None:
    """One neutral line, the same whether there was a subscription or not."""
    await subscriptions.unsubscribe(event.from_user.id)  # type: ignore[union-attr]
    await screens.menu(event, intro="news-off")


def make_router() -> Router:
    router = Router(name="news")
    router.message.register(on_open, Command("subscribe"))
    router.message.register(on_stop, Command("unsubscribe"))
    router.callback_query.register(on_open, NewsPress.filter(F.act == NewsAction.OPEN))
    router.callback_query.register(on_subscribe, NewsPress.filter(F.act.in_(SUBSCRIBE)))
    router.callback_query.register(on_toggle, NewsPress.filter(F.act.in_(TOGGLE)))
    router.callback_query.register(on_stop, NewsPress.filter(F.act == NewsAction.STOP))
    return router
