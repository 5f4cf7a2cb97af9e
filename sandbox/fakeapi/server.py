"""The HTTP face: serves FakeTelegram at {base}/bot{token}/{method} like api.telegram.org."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from typing import Any

import aiohttp
from aiohttp import web

from .errors import RAW
from .telegram import FakeTelegram
from .webhook import Delivery

MAX_POLL_TIMEOUT = 60  # seconds; bounds a long poll whatever the client asks
WEBHOOK_TIMEOUT = 30  # seconds the stand-in waits for the bot's answer to one POST
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)


async def _read_params(request: web.Request) -> dict[str, Any]:
    """Query string, then the body (JSON, urlencoded or multipart) on top of it."""
    raw: dict[str, Any] = dict(request.query)
    if request.method != "POST" or not request.can_read_body:
        return raw
    if request.content_type == "application/json":
        body = await request.json()
        if isinstance(body, dict):
            raw.update(body)
        return raw
    form = await request.post()
    for key, value in form.items():
        if isinstance(value, web.FileField):
            # the contents are kept by files_api (and taken out of the call log there)
            raw[key] = {"upload": value.filename, "content": value.file.read(),
                        "content_type": value.content_type}
        else:
            raw[key] = value
    return raw


def _json(status: int, body: dict[str, Any]) -> web.Response:
    if isinstance(body.get(RAW), str):  # an injected garbled answer, as it is
        return web.Response(text=body[RAW], status=status, content_type="application/json")
    return web.json_response(body, status=status)


class FakeBotAPI:
    """An aiohttp application bound to one FakeTelegram."""

    def __init__(self, tg: FakeTelegram) -> None:
        self.tg = tg
        self.closing = False
        self._wakeup: asyncio.Event | None = None
        self._deliver: asyncio.Event | None = None
        self._delivery: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.app = web.Application()
        self.app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self.app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._download)
        self.app.router.add_route("*", "/{tail:.*}", self._not_found)

    async def _download(self, request: web.Request) -> web.Response:
        """A file getFile gave out, by its file_path (the bot's token checked first)."""
        if request.match_info["token"] != self.tg.token:
            return _json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        content = self.tg.download(request.match_info["path"])
        if content is None:
            return _json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        return web.Response(body=content, content_type="application/octet-stream")

    async def _not_found(self, request: web.Request) -> web.Response:
        return _json(404, {"ok": False, "error_code": 404, "description": "Not Found"})

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.tg.token:
            return _json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        try:
            raw = await _read_params(request)
        except ValueError:
            return _json(400, {"ok": False, "error_code": 400,
                               "description": "Bad Request: can't parse request body"})
        method = request.match_info["method"]
        if method.lower() == "getupdates":
            return await self._long_poll(request, raw)
        # Shielded: a request that reached Telegram is carried out even if the bot dies while
        # waiting for the answer (handler_cancellation is on for the long poll's sake).
        return await asyncio.shield(self._carry_out(request, method, raw))

    async def _carry_out(self, request: web.Request, method: str, raw: dict[str, Any],
                         ) -> web.Response:
        if self.tg.latency:
            await asyncio.sleep(self.tg.latency)
        if self.tg.is_held(method):
            self.tg.park(1)
            try:
                while self.tg.is_held(method):  # noqa: ASYNC110 - released from a test's thread
                    await asyncio.sleep(0.01)
            finally:
                self.tg.park(-1)
            # A held request stands for one that had not left the bot yet: if the bot died
            # meanwhile, it never arrives. (One that arrived is carried out, as by Telegram.)
            if request.transport is None or request.transport.is_closing():
                return _json(503, {"ok": False, "error_code": 503, "description": "client gone"})
        status, body = self.tg.call(method, raw)
        if late := self.tg.lateness(method):
            await asyncio.sleep(late)
        if self._deliver is not None and method.lower() in ("setwebhook", "deletewebhook"):
            self._deliver.set()
        return _json(status, body)

    async def _long_poll(self, request: web.Request, raw: dict[str, Any]) -> web.Response:
        assert self._wakeup is not None and self._loop is not None
        try:
            timeout = min(max(float(raw.get("timeout") or 0), 0.0), MAX_POLL_TIMEOUT)
        except ValueError:
            timeout = 0.0
        deadline = self._loop.time() + timeout
        poll_id = self.tg.start_poll()
        first = True
        while True:
            self._wakeup.clear()  # before looking, so a wake-up in between is not lost
            gone = request.transport is None or request.transport.is_closing()
            if gone:  # the client hung up (e.g. killed): don't hand it updates
                return _json(200, {"ok": True, "result": []})
            final = self.closing or self._loop.time() >= deadline
            answer = self.tg.poll_step(raw, poll_id, first=first, final=final)
            if answer is not None:
                return _json(*answer)
            first = False
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), deadline - self._loop.time())

    def _wake_threadsafe(self) -> None:
        loop, event, deliver = self._loop, self._wakeup, self._deliver
        if loop is None or event is None or deliver is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop is shutting down
            loop.call_soon_threadsafe(event.set)
            loop.call_soon_threadsafe(deliver.set)

    # -- webhook delivery ---------------------------------------------------------------------
    async def _deliver_forever(self) -> None:
        """POST pending updates to the webhook while one is set (see webhook.py)."""
        assert self._deliver is not None and self._loop is not None
        posts: set[asyncio.Task[None]] = set()
        timeout = aiohttp.ClientTimeout(total=WEBHOOK_TIMEOUT)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            try:
                while not self.closing:
                    self._deliver.clear()
                    due, retry = self.tg.webhook_due()
                    for delivery in due:
                        task = asyncio.create_task(self._post(session, delivery))
                        posts.add(task)
                        task.add_done_callback(posts.discard)
                    wait = None if retry is None else max(0.0, retry - time.monotonic())
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._deliver.wait(), wait)
            finally:
                for task in posts:
                    task.cancel()
                await asyncio.gather(*posts, return_exceptions=True)

    async def _post(self, session: aiohttp.ClientSession, delivery: Delivery) -> None:
        headers = {SECRET_HEADER: delivery.secret} if delivery.secret else {}
        started = time.monotonic()
        status: int | None = None
        error: str | None = None
        try:
            async with session.post(delivery.url, json=delivery.update, headers=headers) as resp:
                status = resp.status
                await resp.read()
                if not 200 <= status < 300:
                    error = f"Wrong response from the webhook: {status} {resp.reason}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            error = f"Connection failed: {type(exc).__name__}"
        self.tg.webhook_done(delivery, started, status, error)
        assert self._deliver is not None
        self._deliver.set()

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> tuple[web.AppRunner, str]:
        self._loop = asyncio.get_running_loop()
        self._wakeup = asyncio.Event()
        self._deliver = asyncio.Event()
        self._delivery = asyncio.create_task(self._deliver_forever())
        self.tg.add_waker(self._wake_threadsafe)
        # handler_cancellation: a killed bot's pending long poll must not swallow updates.
        runner = web.AppRunner(self.app, handler_cancellation=True, access_log=None,
                               shutdown_timeout=1.0)
        self.app.on_shutdown.append(self._on_shutdown)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound_host, bound_port = runner.addresses[0][:2]
        return runner, f"http://{bound_host}:{bound_port}"

    async def _on_shutdown(self, app: web.Application) -> None:
        self.closing = True  # pending long polls answer [] right away
        self.tg.remove_waker(self._wake_threadsafe)
        if self._wakeup is not None:
            self._wakeup.set()
        if self._delivery is not None:
            self._delivery.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._delivery


async def start_server(tg: FakeTelegram, host: str = "127.0.0.1", port: int = 0,
                       ) -> tuple[web.AppRunner, str]:
    """Serve tg on the running loop; stop with `await runner.cleanup()`."""
    return await FakeBotAPI(tg).start(host, port)


class ThreadedServer:
    """The fake served from a daemon thread with its own loop (for tests)."""

    def __init__(self, tg: FakeTelegram | None = None, host: str = "127.0.0.1",
                 port: int = 0) -> None:
        self.tg = tg or FakeTelegram()
        self.url = ""
        self._host, self._port = host, port
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="fake-telegram", daemon=True)

    def start(self) -> ThreadedServer:
        self._thread.start()
        if not self._ready.wait(10):
            raise TimeoutError("the fake Bot API server did not start within 10 s")
        if self._error is not None:
            raise RuntimeError("the fake Bot API server failed to start") from self._error
        return self

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._runner, self.url = self._loop.run_until_complete(
                start_server(self.tg, self._host, self._port))
        except BaseException as e:
            self._error = e
            self._ready.set()
            return
        self._ready.set()
        self._loop.run_forever()
        self._loop.run_until_complete(self._runner.cleanup())
        self._loop.close()

    def stop(self) -> None:
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)

    def __enter__(self) -> ThreadedServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def running_in_thread(tg: FakeTelegram | None = None, host: str = "127.0.0.1",
                      port: int = 0) -> ThreadedServer:
    """Start serving in a thread; use as `with running_in_thread() as srv:` or call .stop()."""
    return ThreadedServer(tg, host, port).start()
