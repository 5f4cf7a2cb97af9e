"""Building the application: one `build_app()` that production, tests and the sandbox all call."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats
from aiogram.utils.callback_answer import CallbackAnswerMiddleware

from bot.commands import COMMANDS
from bot.content import LegalContent, load_content
from bot.i18n import Translations
from bot.isolation import PerPersonIsolation
from bot.middlewares.chat_log import LogIncoming, LogOutgoing
from bot.middlewares.context import VisitorContext
from bot.middlewares.flood import FloodLimit
from bot.middlewares.retry import RetryLater
from bot.render import Templates
from bot.routers import build_router_tree
from bot.settings import Settings, SettingsError
from bot.workers import purge_forever
from storage.chat_log import ChatLogRepo
from storage.db import Database
from storage.fsm import SQLStorage
from storage.people import PeopleRepo

log = logging.getLogger(__name__)


@dataclass
class App:
    settings: Settings
    bot: Bot
    dp: Dispatcher
    db: Database

    async def close(self) -> None:
        await self.bot.session.close()
        await self.db.close()


async def build_app(settings: Settings, *, token: str | None = None) -> App:
    """Open storage, load texts and legal content, wire middlewares and routers.

    Raises SettingsError, ContentError or DatabaseError with one line for the operator.
    """
    content: LegalContent = load_content(
        settings.assessment_edition, settings.rights_edition, settings.guidance_edition,
        settings.legal_dir,
    )
    translations = Translations()
    templates = Templates()
    db = Database(settings.sqlite_path)
    await db.connect()

    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    bot = Bot(token or settings.require_token(), session=session,
              default=DefaultBotProperties(parse_mode=ParseMode.HTML,
                                           link_preview_is_disabled=True))
    people, chat_log = PeopleRepo(db), ChatLogRepo(db)
    bot.session.middleware(RetryLater())
    bot.session.middleware(LogOutgoing(chat_log))

    dp = Dispatcher(storage=SQLStorage(db), events_isolation=PerPersonIsolation(),
                    settings=settings, db=db, people=people, chat_log=chat_log,
                    translations=translations, templates=templates, content=content)
    dp.update.outer_middleware(FloodLimit(settings.flood_burst, settings.flood_rate))
    dp.update.outer_middleware(VisitorContext(people, translations, content, templates,
                                              settings))
    dp.message.outer_middleware(LogIncoming(chat_log))
    dp.callback_query.middleware(CallbackAnswerMiddleware())
    dp.include_router(build_router_tree(settings))
    return App(settings=settings, bot=bot, dp=dp, db=db)


async def set_commands(bot: Bot, translations: Translations) -> None:
    """The command menu in each language; English is the default for everyone else."""
    for t in translations.all():
        commands = [BotCommand(command=name, description=str(t(msg_id)))
                    for name, msg_id in COMMANDS.items()]
        language = None if t.locale == "en" else t.locale
        await bot.set_my_commands(commands, scope=BotCommandScopeAllPrivateChats(),
                                  language_code=language)


async def run_polling(app: App, *, handle_signals: bool = True) -> None:
    """Check the token, publish the command menus, then poll until SIGTERM/SIGINT."""
    url = app.settings.telegram_api_url
    try:
        me = await app.bot.get_me()
        await app.bot.delete_webhook(drop_pending_updates=False)
        await set_commands(app.bot, app.dp["translations"])
    except TelegramUnauthorizedError:
        raise SettingsError(f"setting BOT_TOKEN was refused by the Bot API at {url}") from None
    except TelegramNetworkError as exc:
        raise SettingsError(
            f"setting TELEGRAM_API_URL: cannot reach the Bot API at {url} ({exc.message})"
        ) from None
    log.info("bot @%s started (Bot API %s)", me.username, url)
    purging = asyncio.create_task(purge_forever(app.db, app.settings.dialog_retention_days))
    try:
        await app.dp.start_polling(app.bot, handle_signals=handle_signals,
                                   close_bot_session=False,
                                   allowed_updates=app.dp.resolve_used_update_types())
    finally:
        purging.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await purging
