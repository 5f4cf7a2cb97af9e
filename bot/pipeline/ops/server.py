"""The bot's HTTP server: /healthz, /readyz and /metrics, and in webhook mode the webhook.

    /healthz   the process is alive and its event loop answers: 200
    /readyz    database, Bot API (live getMe, with the age of its last answer) and Redis
               (when REDIS_URL is set): 200, or 503 naming the check that failed and what
               the bot's own loops found away ("down", bot/pipeline/outage.py)
    /metrics   Prometheus text format, the bot's own registry (bot/pipeline/ops/metrics.py)
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable

from aiohttp import web

from bot.pipeline.ops.health import Health
from bot.pipeline.ops.metrics import Metrics
from bot.settings import SettingsError, parse_listen
from storage.db import Database

log = logging.getLogger(__name__)


def add_ops_routes(app: web.Application, health: Health, metrics: Metrics, db: Database,
                   backlog: Callable[[], int]) -> None:
    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"status": "alive"})

    async def readyz(request: web.Request) -> web.Response:
        readiness = await health.readiness()
        return web.json_response(readiness.as_json(), status=200 if readiness.ready else 503)

    async def metrics_page(request: web.Request) -> web.Response:
        try:
            await metrics.refresh(db, backlog())
        except Exception as exc:  # the database is down: serve the counters anyway
            log.warning("metrics: the queue gauges could not be read (%s)", exc)
        response = web.Response(body=metrics.render())
        response.headers["Content-Type"] = metrics.content_type
        return response

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics_page)


class HttpServer:
    """One aiohttp application on host:port; `setting` names the setting in error lines."""

    def __init__(self, app: web.Application, listen: str, setting: str,
                 shutdown_timeout: float = 5.0) -> None:
        self.app = app
        self.listen = listen
        self.setting = setting
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=shutdown_timeout)

    async def start(self) -> None:
        host, port = parse_listen(self.listen)
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, host, port).start()
        except OSError as exc:
            await self._runner.cleanup()
            reason = "the address is in use" if exc.errno == errno.EADDRINUSE else \
                (exc.strerror or type(exc).__name__)
            raise SettingsError(f"setting {self.setting}: cannot listen on {self.listen} "
                                f"({reason})") from None

    async def stop(self) -> None:
        """Stop listening, let requests in progress finish (up to the shutdown timeout)."""
        await self._runner.cleanup()
