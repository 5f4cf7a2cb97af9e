"""Building and running the application: one `build_app()` that production, tests and the
sandbox all call, and `run()`, the life of the bot from the Bot API check to a clean stop.

The path of an update: polling stores each batch in the durable inbox → the inbox runner
(concurrent across people, in order for one person) → the dispatcher inside a unit of work →
outer middlewares: aiogram's errors and user context, the flood limit (before any lock or SQL),
the FSM context (cached), the conversation with a defender ended by a press or a command, who
is this (locale, role, progress) → the router tree → one commit with "inbox row done".
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import signal
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramNetworkError,
    TelegramUnauthorizedError,
)
from aiogram.fsm.storage.base import BaseStorage
from aiogram.utils.callback_answer import CallbackAnswerMiddleware

from bot.broadcast.service import Broadcasts
from bot.broadcast.watch import BroadcastWatch
from bot.context import feature_contexts, in_dialog
from bot.custody import check_custody, configured_key, missing_key, sealer_with
from bot.handoff.desk import CaseDesk
from bot.handoff.end_talk import EndTalk
from bot.handoff.organisations import organisations_of
from bot.handoff.reminders import remind_forever
from bot.handoff.topics import Topics
from bot.kit.content import LegalContent, load_content
from bot.kit.i18n import Translations
from bot.kit.render import Templates
from bot.menus import AdminMenuOnFirstContact, CommandMenus
from bot.pipeline.handling import UpdateHandler
from bot.pipeline.inbox import InboxRunner
from bot.pipeline.logs import install as scrub_logs
from bot.pipeline.middlewares.budget import SendBudget
from bot.pipeline.middlewares.chat_log import LogIncoming, LogOutgoing
from bot.pipeline.middlewares.context import VisitorContext
from bot.pipeline.middlewares.discretion import Discretion
from bot.pipeline.middlewares.guard import Guard
from bot.pipeline.middlewares.retry import RetryLater, retrying
from bot.pipeline.ops.health import Health
from bot.pipeline.outage import Outages
from bot.pipeline.outbound import OutboundQueue
from bot.pipeline.polling import poll_forever
from bot.pipeline.replicas import Replica
from bot.pipeline.retention import purge_forever
from bot.pipeline.session import BotSession
from bot.pipeline.shared_state import State, build_state
from bot.pipeline.supervisor import Supervisor
from bot.serving import http_servers, serves_ops, start_webhook
from bot.settings import Settings, SettingsError
from bot.tree import build_router_tree
from dialogs.loggable import Safe
from storage.cases import CasesRepo
from storage.chat_log import ChatLogRepo
from storage.crypto import DataKeyError, new_key, write_key
from storage.db import Database, check_location, open_database
from storage.engine import WrittenBefore
from storage.inbox import InboxRepo
from storage.outbox import OutboxRepo
from storage.people import PeopleRepo
from storage.redis_locks import RedisLocks

if TYPE_CHECKING:  # what only webhook mode or METRICS_LISTEN needs is imported only then
    from bot.pipeline.ops.metrics import Metrics
    from bot.pipeline.ops.server import HttpServer

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
    metrics: Metrics | None  # kept only where /metrics is served (serves_ops)
    health: Health
    menus: CommandMenus
    replica: Replica | None = None  # several replicas share the work (PostgreSQL and Redis)
    username: str | None = None  # the bot's, once the Bot API has been asked (check_bot_api)
    outages: Outages = field(default_factory=Outages)  # what is away now, told once

    async def close(self) -> None:
        await self.supervisor.stop()
        await self.health.close()
        await self.bot.session.close()
        await self.shared.close()
        await self.db.close()


def make_bot(settings: Settings, token: str | None = None) -> Bot:
    session = BotSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    return Bot(token or settings.require_token(), session=session,
               default=DefaultBotProperties(parse_mode=ParseMode.HTML,
                                            link_preview_is_disabled=True))


async def open_app(settings: Settings) -> App:
    """What `run` and the sandbox start: the Bot API is asked first, so a bad token or a URL
    that is not a Bot API ends start-up before anything is written to disk."""
    content = legal_content(settings)  # a bad edition: one line, before anything else
    check_location(settings.database)
    bot = make_bot(settings)
    try:
        username = await check_bot_api(bot, settings)
        app = await build_app(settings, bot=bot, content=content)
    except BaseException:
        await bot.session.close()
        raise
    app.username = username
    return app


def legal_content(settings: Settings) -> LegalContent:
    return load_content(settings.assessment_edition, settings.rights_edition,
                        settings.guidance_edition, settings.legal_dir)


async def build_app(settings: Settings, *, token: str | None = None, bot: Bot | None = None,
                    content: LegalContent | None = None) -> App:
    """Open storage, load texts and legal content, wire middlewares and routers.

    Raises SettingsError, ContentError, DataKeyError or DatabaseError with one line for the
    operator; a first start that fails leaves no database and no key file behind.
    """
    content = content or legal_content(settings)
    translations = Translations()
    templates = Templates()
    check_custody(settings)
    # A new key is written only once the database has opened with it (a database written
    # before refuses a new key, and nothing is left behind).
    stored = configured_key(settings)
    key = stored or new_key()
    sealer = sealer_with(settings, key)
    scrub_logs(sealer.pseudonym)  # from here on, ids in any log line are keyed hashes
    db = open_database(settings.database, sealer)
    try:
        await db.connect(new_key=stored is None)
        sealer = db.sealer  # with the database's id key: Redis names outlive a rekey
        # in this process, or in Redis for every replica (REDIS_URL)
        shared = await build_state(settings, db, sealer)
    except WrittenBefore:  # checked before anything was written: nothing to take back
        raise missing_key(settings) from None
    except BaseException:
        await db.discard()
        raise
    if stored is None:
        try:
            write_key(settings.key_file, key)
        except DataKeyError:
            await shared.close()
            await db.discard()
            raise
    bot = bot or make_bot(settings, token)
    dialogs, budget = shared.dialogs, shared.budget
    inbox = InboxRepo(db)
    replica = Replica(inbox, RedisLocks(shared.redis, f"{shared.prefix}:lock"),
                      sealer.name_for) if db.shared and shared.redis is not None else None
    # A replica caches no one's language: another replica may change it.
    people = PeopleRepo(db, dialogs, cache_size=0 if replica else 20_000)
    chat_log = ChatLogRepo(db)
    orgs = await organisations_of(settings, db)
    # Request middlewares, outermost first: the chat log sees the final result of a request,
    # retries wrap the budget, so every attempt takes a token.
    bot.session.middleware(LogOutgoing(chat_log))
    bot.session.middleware(Discretion(orgs))  # silent to people, protected in the groups
    bot.session.middleware(RetryLater())
    bot.session.middleware(SendBudget(budget))
    metrics = None
    if serves_ops(settings):
        from bot.pipeline.ops.metrics import CountRequests, Metrics

        metrics = Metrics()
        bot.session.middleware(CountRequests(metrics))  # innermost: every attempt is counted
    outages = Outages()
    queue = OutboundQueue(OutboxRepo(db), bot, budget, outages=outages)
    desk = CaseDesk(settings, CasesRepo(db), queue, translations, templates, content, orgs)
    topics = Topics(bot, desk, db)
    members = shared.members(bot, orgs, settings.admin_ids, sealer)
    broadcasts = Broadcasts(db, bot, queue, translations)

    # The FSM middleware is registered by hand, after the flood limit: a flood costs no SQL.
    # No event isolation: the inbox runner already handles one person's updates in order.
    dp = Dispatcher(storage=dialogs, disable_fsm=True,
                    settings=settings, db=db, people=people, chat_log=chat_log, queue=queue,
                    desk=desk, topics=topics, members=members, broadcasts=broadcasts,
                    translations=translations, templates=templates, content=content,
                    **feature_contexts(db, people, chat_log, desk, broadcasts, templates))
    dp.update.outer_middleware(Guard())
    if metrics is not None:
        shared.flood.on_drop = metrics.flood_drops.inc
    dp.update.outer_middleware(shared.flood)
    menus = CommandMenus(translations, settings.admin_ids)
    dp.update.outer_middleware(AdminMenuOnFirstContact(menus))
    dp.update.outer_middleware(dp.fsm)
    dp.update.outer_middleware(EndTalk())  # before the journey is read: see its docstring
    dp.update.outer_middleware(VisitorContext(people, translations, settings,
                                              in_dialog(content, templates), orgs))
    dp.message.outer_middleware(LogIncoming(chat_log))
    dp.callback_query.middleware(CallbackAnswerMiddleware())
    dp.include_router(build_router_tree(settings, orgs.is_group))

    runner = InboxRunner(UpdateHandler(bot, dp, db, inbox, metrics, replica, outages))
    redis_url = settings.redis_url.get_secret_value() if settings.redis_url else None
    return App(settings=settings, bot=bot, dp=dp, db=db, dialogs=dialogs, inbox=inbox,
               runner=runner, queue=queue, supervisor=Supervisor(outages=outages),
               shared=shared, metrics=metrics, health=Health(db, bot, redis_url, outages),
               menus=menus, replica=replica, outages=outages)


@contextlib.contextmanager
def _bot_api_errors(url: str) -> Iterator[None]:
    """A Bot API that refuses or does not answer at start-up: one line for the operator, and no
    retries (retrying.set(False)), so start-up says so at once."""
    token = retrying.set(False)
    try:
        yield
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


async def check_bot_api(bot: Bot, settings: Settings) -> str:
    """Is TELEGRAM_API_URL a Bot API that accepts BOT_TOKEN? The bot's username if so."""
    with _bot_api_errors(settings.telegram_api_url):
        me = await bot.get_me()
        if not settings.webhook_url and (await bot.get_webhook_info()).url:
            # Polling: a webhook left set (an earlier webhook deployment) makes getUpdates
            # answer 409. Its pending updates stay with Telegram and come by getUpdates.
            await bot.delete_webhook(drop_pending_updates=False)
            log.info("a webhook was set: removed it, to take updates by long polling")
    return me.username or str(me.id)


async def set_menus(app: App) -> None:
    """Everyone's command menu (a refusal stops start-up), then each admin's own (an admin who
    has not opened the bot yet gets theirs when they first write)."""
    with _bot_api_errors(app.settings.telegram_api_url):
        await app.menus.set_everyone(app.bot)
    await app.menus.set_admins(app.bot)


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
    username = app.username or await check_bot_api(app.bot, app.settings)
    await set_menus(app)
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
        app.supervisor.start("replica upkeep", lambda: replica.keep(app.runner, app.outages))
    turns = app.shared.turns  # scheduled jobs: one replica a round does each
    app.supervisor.start("retention", lambda: purge_forever(
        app.db, app.dialogs, settings.dialog_retention_days, settings.case_retention_days,
        turns=turns, before=app.dp["desk"].erase_expired))
    app.supervisor.start("case reminders", lambda: remind_forever(app.dp["desk"], turns=turns))
    app.supervisor.start("journal files", lambda: app.dp["journal_files"].run(app.bot))
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
                replica=replica, outages=app.outages))
            mode = "long polling"
        log.info("bot @%s started (Bot API %s, %s); %d stored updates resumed", Safe(username),
                 Safe(settings.telegram_api_url), Safe(mode), resumed)
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
        left = await app.runner.finish(settings.shutdown_grace)  # and 1.5 s for the cancelled
        await app.supervisor.stop(patience=1.5)  # bounded whatever the network does
        if replica is not None:
            await replica.release()
        if left:
            log.info("stopped; %d updates left for the next start", left)
        else:
            log.info("stopped")
