"""The HTTP side of `run()`: the webhook's server and the operations endpoints (/healthz,
/readyz, /metrics). Their modules (aiohttp's server, prometheus_client) are imported only when
one is served: the default, long polling without METRICS_LISTEN, needs none of them
(tests/test_imports.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiogram.exceptions import ClientDecodeError, TelegramAPIError, TelegramBadRequest

from bot.pipeline.middlewares.retry import retrying
from bot.settings import Settings, SettingsError

if TYPE_CHECKING:
    from bot.app import App
    from bot.pipeline.ops.server import HttpServer
    from bot.pipeline.webhook import WebhookReceiver


def serves_ops(settings: Settings) -> bool:
    """Whether /healthz, /readyz and /metrics are served (METRICS_LISTEN, or the webhook's
    server): only then are metrics counted, and prometheus_client and aiohttp's server
    imported. The default (long polling, no METRICS_LISTEN) needs neither."""
    return bool(settings.metrics_listen or (settings.webhook_url and settings.webhook_secret))


async def start_webhook(app: App) -> None:
    """setWebhook once the server listens; a refusal is one line naming WEBHOOK_URL."""
    from bot.pipeline.webhook import set_webhook

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
    settings, metrics = app.settings, app.metrics
    if not serves_ops(settings) or metrics is None:
        return [], None
    from aiohttp import web

    from bot.pipeline.ops.server import HttpServer, add_ops_routes
    from bot.pipeline.webhook import WebhookReceiver, webhook_app

    servers: list[HttpServer] = []
    receiver: WebhookReceiver | None = None

    def ops(web_app: web.Application) -> None:
        add_ops_routes(web_app, app.health, metrics, app.db, lambda: app.runner.backlog)

    if settings.webhook_url and settings.webhook_secret:
        receiver = WebhookReceiver(settings.webhook_secret.get_secret_value(), app.inbox,
                                   app.runner, metrics, app.replica, app.outages)
        hook_app = webhook_app(settings, receiver)
        if not settings.metrics_listen:
            ops(hook_app)
        servers.append(HttpServer(hook_app, settings.webhook_listen, "WEBHOOK_LISTEN"))
    if settings.metrics_listen:
        ops_app = web.Application()
        ops(ops_app)
        servers.append(HttpServer(ops_app, settings.metrics_listen, "METRICS_LISTEN"))
    return servers, receiver

