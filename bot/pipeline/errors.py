"""One error handler: log the failure (never message contents) and give the person a calm reply.

An outage (the database or Redis away) is not a failure of the handler: it is left to the
pipeline, which handles the update again once the dependency returns (bot/pipeline/handling.py),
so no apology is sent for it.
"""

from __future__ import annotations

import contextlib
import logging

from aiogram import Bot, Router
from aiogram.dispatcher.middlewares.user_context import EventContext
from aiogram.exceptions import AiogramError, TelegramForbiddenError
from aiogram.types import ErrorEvent

from bot.kit.i18n import Translations, Translator, locale_for_client
from bot.pipeline.outage import dependency_of
from dialogs.loggable import Safe

log = logging.getLogger("bot.errors")


async def on_error(event: ErrorEvent, bot: Bot, translations: Translations,
                   t: Translator | None = None, event_context: EventContext | None = None,
                   ) -> None:
    update = event.update
    if isinstance(event.exception, TelegramForbiddenError):  # blocked the bot meanwhile
        log.info("update %s (%s): the person blocked the bot", update.update_id,
                 Safe(update.event_type))
        return
    log.error("update %s (%s) failed: %s", update.update_id, Safe(update.event_type),
              event.exception, exc_info=event.exception)
    if update.callback_query is not None:  # stop the spinner the failed handler left
        with contextlib.suppress(AiogramError):  # refused, unreachable, or answered garbled
            await update.callback_query.answer()
    # who and where, from aiogram's event context
    user, chat = (event_context.user, event_context.chat) if event_context else (None, None)
    if user is None or chat is None or chat.type != "private":
        return
    t = t or translations.get(locale_for_client(user.language_code))
    try:
        await bot.send_message(chat.id, t("error-generic"))
    except AiogramError:
        log.warning("could not tell the person about the failure")


def make_router() -> Router:
    router = Router(name="errors")
    router.errors.register(on_error, lambda event: dependency_of(event.exception) is None)
    return router
