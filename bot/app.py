"""Building and running the application: one `build_app()` that production, tests and the
sandbox all call, and `run()`, the life of the bot from the Bot API check to a clean stop.

The path of an update: polling stores each batch in the durable inbox → the inbox runner
(concurrent across people, in order for one person) → the dispatcher inside a unit of work →
outer middlewares: aiogram's errors and user context, the flood limit (before any lock or SQL),
the FSM context (cached), who is this (locale, role, progress) → the router tree → one commit
with "inbox row done".
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import signal
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramUnauthorizedError,
)
from aiogram.fsm.storage.base import BaseStorage
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeChat
from aiogram.utils.callback_answer import CallbackAnswerMiddleware
from aiohttp import web

from bot.broadcast.service import Broadcasts
from bot.commands import ADMIN_COMMANDS, COMMANDS
from bot.content import LegalContent, load_content
from bot.handling import UpdateHandler
from bot.handoff.desk import KIND, CaseDesk, DefendersChat
from bot.handoff.topics import Topics, migrated_chat_id
from bot.i18n import Translations
from bot.inbox import InboxRunner
from bot.logs import install as scrub_logs
from bot.middlewares.budget import SendBudget
from bot.middlewares.chat_log import LogIncoming, LogOutgoing
from bot.middlewares.context import VisitorContext
from bot.middlewares.guard import Guard
from bot.middlewares.retry import RetryLater, retrying
from bot.ops.health import Health
from bot.ops.metrics import CountRequests, Metrics
from bot.ops.server import HttpServer, add_ops_routes
from bot.polling import poll_forever
from bot.render import Templates
from bot.replicas import Replica
from bot.routers import build_router_tree
from bot.settings import Settings, SettingsError
from bot.shared_state import State, build_state
from bot.webhook import WebhookReceiver, set_webhook, webhook_app
from bot.workers.broadcasts import BroadcastWatch
from bot.workers.outbound import OutboundQueue
from bot.workers.reminders import remind_forever
from bot.workers.retention import purge_forever
from bot.workers.supervisor import Supervisor
from storage.cases import CasesRepo
from storage.chat_log import ChatLogRepo
from storage.crypto import Sealer, load_or_create_key
from storage.db import Database, open_database
from storage.inbox import InboxRepo
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo
from storage.redis_locks import RedisLocks

log = logging.getLogger(__name__)


@dataclass
class App:
    settings: Settings
    bot: Bot
    dp: Dispatcher
    db: Database
    dialogs: BaseStorage
    inbox: InboxRepo
    runner: InboxRunner
    queue: OutboundQueue
    supervisor: Supervisor
    shared: State
    metrics: Metrics
    health: Health
    replica: Replica | None = None  # several replicas share the work (PostgreSQL and Redis)

    async def close(self) -> None:
        await self.supervisor.stop()
        await self.health.close()
        await self.bot.session.close()
        await self.shared.close()
        await self.db.close()


def sealer_for(settings: Settings) -> Sealer:
    """The deployment's data key: DATA_KEY, or the key file (created on first start)."""
    key = settings.data_key.get_secret_value() if settings.data_key else \
        load_or_create_key(settings.key_file)
    return Sealer(key, [k.get_secret_value() for k in settings.data_keys_old])


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
    sealer = sealer_for(settings)
    scrub_logs(sealer.pseudonym)  # from here on, ids in any log line are keyed hashes
    db = open_database(settings.database, sealer)
    await db.connect()

    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    bot = Bot(token or settings.require_token(), session=session,
              default=DefaultBotProperties(parse_mode=ParseMode.HTML,
                                           link_preview_is_disabled=True))
    try:  # in this process, or in Redis for every replica (REDIS_URL)
        shared = await build_state(settings, db, sealer)
    except SettingsError:
        await db.close()
        raise
    dialogs, budget = shared.dialogs, shared.budget
    inbox = InboxRepo(db)
    replica = Replica(inbox, RedisLocks(shared.redis, f"{shared.prefix}:lock"),
                      sealer.name_for) if db.shared and shared.redis is not None else None
    # A replica caches no one's language: another replica may change it.
    people = PeopleRepo(db, dialogs, cache_size=0 if replica else 20_000)
    chat_log = ChatLogRepo(db)
    # Request middlewares, outermost first: the chat log sees the final result of a request,
    # retries wrap the budget, so every attempt takes a token.
    bot.session.middleware(LogOutgoing(chat_log))
    bot.session.middleware(RetryLater())
    bot.session.middleware(SendBudget(budget))
    metrics = Metrics()
    bot.session.middleware(CountRequests(metrics))  # innermost: every attempt is counted
    queue = OutboundQueue(OutboxRepo(db), bot, budget)
    desk = CaseDesk(settings, CasesRepo(db), queue, translations, templates, content,
                    DefendersChat(await migrated_chat_id(db, settings.defenders_chat_id)))
    topics = Topics(bot, desk, db)
    queue.on_prepare(KIND, topics.prepare)
    queue.on_error(KIND, topics.repair)
    members = shared.members(bot, desk.chat, settings.admin_ids, sealer)
    broadcasts = Broadcasts(db, bot, queue, translations)

    # The FSM middleware is registered by hand, after the flood limit: a flood costs no SQL.
    # No event isolation: the inbox runner already handles one person's updates in order.
    dp = Dispatcher(storage=dialogs, disable_fsm=True,
                    settings=settings, db=db, people=people, chat_log=chat_log, queue=queue,
                    desk=desk, topics=topics, members=members, broadcasts=broadcasts,
                    translations=translations, templates=templates, content=content)
    dp.update.outer_middleware(Guard())
    shared.flood.on_drop = metrics.flood_drops.inc
    dp.update.outer_middleware(shared.flood)
    dp.update.outer_middleware(dp.fsm)
    dp.update.outer_middleware(VisitorContext(people, translations, content, templates,
                                              settings))
    dp.message.outer_middleware(LogIncoming(chat_log))
    dp.callback_query.middleware(CallbackAnswerMiddleware())
    dp.include_router(build_router_tree(settings, desk.chat))

    runner = InboxRunner(UpdateHandler(bot, dp, db, inbox, metrics, replica))
    redis_url = settings.redis_url.get_secret_value() if settings.redis_url else None
    return App(settings=settings, bot=bot, dp=dp, db=db, dialogs=dialogs, inbox=inbox,
               runner=runner, queue=queue, supervisor=Supervisor(), shared=shared,
               metrics=metrics, health=Health(db, bot, redis_url), replica=replica)


async def set_commands(bot: Bot, translations: Translations,
                       admin_ids: frozenset[int] = frozenset()) -> None:
    """The command menu in each language (English is the default for everyone else); admins
    also see the broadcast commands, in their chats only."""
    for t in translations.all():
        commands = [BotCommand(command=name, description=str(t(msg_id)))
                    for name, msg_id in COMMANDS.items()]
        language = None if t.locale == "en" else t.locale
        await bot.set_my_commands(commands, scope=BotCommandScopeAllPrivateChats(),
                                  language_code=language)
        extra = [BotCommand(command=name, description=str(t(msg_id)))
                 for name, msg_id in ADMIN_COMMANDS.items()]
        for admin in admin_ids:
            await bot.set_my_commands(commands + extra, scope=BotCommandScopeChat(chat_id=admin),
                                      language_code=language)


async def check_bot_api(app: App) -> str:
    """Is TELEGRAM_API_URL a Bot API that accepts BOT_TOKEN? One line for the operator if not."""
    url = app.settings.telegram_api_url
    token = retrying.set(False)
    try:
        me = await app.bot.get_me()
        if not app.settings.webhook_url and (await app.bot.get_webhook_info()).url:
            # Polling: a webhook left set (an earlier webhook deployment) makes getUpdates
            # answer 409. Its pending updates stay with Telegram and come by getUpdates.
            await app.bot.delete_webhook(drop_pending_updates=False)
            log.info("a webhook was set: removed it, to take updates by long polling")
        await set_commands(app.bot, app.dp["translations"], app.settings.admin_ids)
    except TelegramUnauthorizedError:
        raise SettingsError(f"setting BOT_TOKEN was refused by the Bot API at {url}") from None
    except TelegramNetworkError as exc:
        raise SettingsError(
            f"setting TELEGRAM_API_URL: cannot reach the Bot API at {url} ({exc.message})"
        ) from None
    except (TelegramAPIError, ClientDecodeError) as exc:  # an HTML page, another service...
        raise SettingsError(
            f"setting TELEGRAM_API_URL: {url} does not answer like a Bot API "
            f"({type(exc).__name__})"
        ) from None
    finally:
        retrying.reset(token)
    return me.username or str(me.id)


async def start_webhook(app: App) -> None:
    """setWebhook once the server listens; a refusal is one line naming WEBHOOK_URL."""
    token = retrying.set(False)
    try:
        await set_webhook(app.bot, app.settings, app.dp.resolve_used_update_types())
    except TelegramBadRequest as exc:
        raise SettingsError(f"setting WEBHOOK_URL was refused by the Bot API ({exc.message})"
                            ) from None
    except (TelegramAPIError, ClientDecodeError) as exc:
        raise SettingsError(f"setting WEBHOOK_URL: setWebhook failed ({type(exc).__name__})"
                            ) from None
    finally:
        retrying.reset(token)


def http_servers(app: App) -> tuple[list[HttpServer], WebhookReceiver | None]:
    """The webhook's server (webhook mode) and the operations endpoints: on METRICS_LISTEN
    when set, else on the webhook's server (webhook mode) or nowhere (polling)."""
    settings, servers, receiver = app.settings, [], None

    def ops(web_app: web.Application) -> None:
        add_ops_routes(web_app, app.health, app.metrics, app.db, lambda: app.runner.backlog)

    if settings.webhook_url and settings.webhook_secret:
        receiver = WebhookReceiver(settings.webhook_secret.get_secret_value(), app.inbox,
                                   app.runner, app.metrics, app.replica)
        hook_app = webhook_app(settings, receiver)
        if not settings.metrics_listen:
            ops(hook_app)
        servers.append(HttpServer(hook_app, settings.webhook_listen, "WEBHOOK_LISTEN"))
    if settings.metrics_listen:
        ops_app = web.Application()
        ops(ops_app)
        servers.append(HttpServer(ops_app, settings.metrics_listen, "METRICS_LISTEN"))
    return servers, receiver


async def resume_inbox(app: App) -> int:
    """Hand the runner what was stored but not finished before the last stop or crash (with
    replicas: what no live replica holds)."""
    if app.replica is not None:
        return await app.replica.sweep(app.runner)
    pending = await app.inbox.pending()
    app.runner.submit((update_id, json.loads(payload)) for update_id, payload in pending)
    return len(pending)


async def run(app: App, *, handle_signals: bool = True,
              stopping: asyncio.Event | None = None) -> None:
    """Check the Bot API, resume the inbox, start the workers, take updates (long polling, or
    the webhook when WEBHOOK_URL is set) until SIGTERM/SIGINT (or `stopping` is set), then stop
    taking updates, let those in hand finish (SHUTDOWN_GRACE) and return."""
    username = await check_bot_api(app)
    stopping = stopping or asyncio.Event()
    if handle_signals:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stopping.set)
    resumed = await resume_inbox(app)
    settings = app.settings
    app.supervisor.start("outbound", app.queue.run)
    replica = app.replica
    if replica is not None:
        app.supervisor.start("replica upkeep", lambda: replica.keep(app.runner))
    turns = app.shared.turns  # scheduled jobs: one replica a round does each
    app.supervisor.start("retention", lambda: purge_forever(
        app.db, app.dialogs, settings.dialog_retention_days, settings.case_retention_days,
        turns=turns))
    app.supervisor.start("case reminders", lambda: remind_forever(app.dp["desk"], turns=turns))
    watch = BroadcastWatch(app.dp["broadcasts"], app.bot, app.dp["people"],
                           app.dp["translations"])
    app.supervisor.start("broadcasts", lambda: watch.run(turns=turns))
    # Everything loaded so far lives as long as the process: keep it out of the collector's
    # full passes, which otherwise set the latency tail.
    gc.collect()
    gc.freeze()
    servers, receiver = http_servers(app)
    stop = asyncio.create_task(stopping.wait())
    polling: asyncio.Task[None] | None = None
    started: list[HttpServer] = []
    try:
        for server in servers:
            await server.start()
            started.append(server)
        if receiver is not None:
            await start_webhook(app)
            mode = f"webhook, listening on {settings.webhook_listen}"
        else:
            polling = asyncio.create_task(poll_forever(
                app.bot, app.inbox, app.runner, app.dp.resolve_used_update_types(),
                replica=replica))
            mode = "long polling"
        log.info("bot @%s started (Bot API %s, %s); %d stored updates resumed", username,
                 settings.telegram_api_url, mode, resumed)
        await asyncio.wait({stop} | ({polling} if polling else set()),
                           return_when=asyncio.FIRST_COMPLETED)
        if polling is not None and polling.done():
            polling.result()  # a refused token while running: raise it
    finally:
        stop.cancel()
        if receiver is not None:
            receiver.stopping = True  # new POSTs: 503, Telegram sends them again later
        if polling is not None:
            polling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await polling
        for server in started:  # stop listening; requests in progress finish first
            await server.stop()
        left = await app.runner.finish(settings.shutdown_grace)
        await app.supervisor.stop()
        if replica is not None:
            await replica.release()
        log.info("stopped%s", f"; {left} updates left for the next start" if left else "")
