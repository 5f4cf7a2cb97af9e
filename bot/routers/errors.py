"""One error handler: log the failure (never message contents) and give the person a calm reply."""

from __future__ import annotations

import contextlib
import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.types import Chat, ErrorEvent, User

from bot.i18n import Translations, Translator, locale_for_client

log = logging.getLogger("bot.errors")


async def on_error(event: ErrorEvent, bot: Bot, translations: Translations,
                   t: Translator | None = None, event_from_user: User | None = None,
                   event_chat: Chat | None = None) -> None:
    update = event.update
    if isinstance(event.exception, TelegramForbiddenError):  # blocked the bot meanwhile
        log.info("update %s (%s): the person blocked the bot", update.update_id,
                 update.event_type)
        return
    log.error("update %s (%s) failed: %s", update.update_id, update.event_type,
              type(event.exception).__name__, exc_info=event.exception)
    if update.callback_query is not None:  # stop the spinner the failed handler left
        with contextlib.suppress(TelegramAPIError):
            await update.callback_query.answer()
    user, chat = event_from_user, event_chat  # from aiogram's event context
    if user is None or chat is None or chat.type != "private":
        return
    t = t or translations.get(locale_for_client(user.language_code))
    try:
        await bot.send_message(chat.id, t("error-generic"))
    except TelegramAPIError:
        log.warning("could not tell the person about the failure")


def make_router() -> Router:
    router = Router(name="errors")
    router.errors.register(on_error)
    return router
