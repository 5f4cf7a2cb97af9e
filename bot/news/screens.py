"""The legal news screen: the offer with its warning, or the subscription as it stands.

News from this bot can show on a phone someone else reads, so the offer says so before any
button subscribes, and silent delivery is the first choice.
"""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.kit.callbacks import NewsAction, NewsPress, Screen
from bot.kit.i18n import Translator
from bot.kit.keyboards import button, go, screen
from bot.kit.show import Event, show
from storage.subscriptions import Subscription


def offer_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return screen(t, [[button(t("btn-news-silent"), NewsPress(act=NewsAction.SUBSCRIBE_SILENT))],
                      [button(t("btn-news-loud"), NewsPress(act=NewsAction.SUBSCRIBE_LOUD))],
                      [go(t, "btn-back", Screen.MENU)]], menu=False)


def subscribed_keyboard(t: Translator, silent: bool) -> InlineKeyboardMarkup:
    toggle = (button(t("btn-news-make-loud"), NewsPress(act=NewsAction.UNMUTE)) if silent
              else button(t("btn-news-make-silent"), NewsPress(act=NewsAction.MUTE)))
    return screen(t, [[toggle], [button(t("btn-news-stop"), NewsPress(act=NewsAction.STOP))]])


async def show_news(event: Event, t: Translator, subscription: Subscription | None) -> None:
    """An inactive subscription (the person blocked the bot) is shown as none: only a press on
    Subscribe starts the news again."""
    if subscription is None or not subscription.active:
        text = f"{t('news-offer')}\n\n{t('news-warning')}\n\n{t('news-reminder')}"
        await show(event, text, offer_keyboard(t))
        return
    delivery = t("news-silent") if subscription.silent else t("news-loud")
    text = (f"{t('news-subscribed', language=subscription.locale)}\n{delivery}"
            f"\n\n{t('news-reminder')}")
    await show(event, text, subscribed_keyboard(t, subscription.silent))
