"""A small round-robin HTTP load balancer, for bot replicas in webhook mode behind the stand-in
Bot API's one webhook URL (as nginx would sit in front of them in production).

Each request (method, path and query, headers such as X-Telegram-Bot-Api-Secret-Token, body)
goes to the next backend in turn; its status and body are relayed. A backend that cannot be
reached (connection refused or reset, timeout) is skipped for the next one, like nginx's
`proxy_next_upstream error timeout`; 502 only when none answers.

    with running_balancer(["http://127.0.0.1:8081", "http://127.0.0.1:8082"]) as lb:
        ...  # WEBHOOK_URL=f"{lb.url}/tg/hook"
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections.abc import Sequence

import aiohttp
from aiohttp import web

# Not passed on: they describe one hop, and aiohttp sets its own.
HOP_HEADERS = frozenset({"host", "content-length", "connection", "keep-alive",
                         "transfer-encoding", "te", "upgrade", "proxy-connection"})
TIMEOUT = 30.0  # seconds for one backend to answer


class Balancer:
    def __init__(self, backends: Sequence[str], timeout: float = TIMEOUT) -> None:
        if not backends:
            raise ValueError("a balancer needs at least one backend")
        self.backends = [b.rstrip("/") for b in backends]
        self._turn = itertools.cycle(range(len(self.backends)))
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None
        self.forwarded = [0] * len(self.backends)  # answers relayed, per backend
        self.failed = [0] * len(self.backends)  # connection errors, per backend
        self.app = web.Application(client_max_size=16 * 1024 * 1024)
        self.app.router.add_route("*", "/{tail:.*}", self._handle)
        self.app.on_cleanup.append(self._close)

    async def _close(self, app: web.Application) -> None:
        if self._session is not None:
            await self._session.close()

    async def _handle(self, request: web.Request) -> web.Response:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout, auto_decompress=False)
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_HEADERS}
        first = next(self._turn)
        for i in range(len(self.backends)):
            n = (first + i) % len(self.backends)
            url = self.backends[n] + request.rel_url.raw_path_qs
            try:
                async with self._session.request(request.method, url, data=body,
                                                 headers=headers) as resp:
                    answer = await resp.read()
                    relayed = {k: v for k, v in resp.headers.items()
                               if k.lower() not in HOP_HEADERS}
            except (aiohttp.ClientConnectionError, TimeoutError):
                self.failed[n] += 1
                continue
            self.forwarded[n] += 1
            return web.Response(status=resp.status, body=answer, headers=relayed)
        return web.Response(status=502, text="no backend answered")


class RunningBalancer:
    """A Balancer served from a daemon thread with its own loop: .url, .stop()."""

    def __init__(self, backends: Sequence[str], host: str = "127.0.0.1", port: int = 0) -> None:
        self.balancer = Balancer(backends)
        self.url = ""
        self._host, self._port = host, port
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="balancer", daemon=True)

    def start(self) -> RunningBalancer:
        self._thread.start()
        if not self._ready.wait(10):
            raise TimeoutError("the balancer did not start within 10 s")
        if self._error is not None:
            raise RuntimeError("the balancer failed to start") from self._error
        return self

    async def _serve(self) -> web.AppRunner:
        runner = web.AppRunner(self.balancer.app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        await web.TCPSite(runner, self._host, self._port).start()
        host, port = runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"
        return runner

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            runner = self._loop.run_until_complete(self._serve())
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        self._loop.run_forever()
        self._loop.run_until_complete(runner.cleanup())
        self._loop.close()

    def stop(self) -> None:
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)

    def __enter__(self) -> RunningBalancer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def running_balancer(backends: Sequence[str], host: str = "127.0.0.1",
                     port: int = 0) -> RunningBalancer:
    """Start balancing in a thread; `with running_balancer([...]) as lb:` or call .stop()."""
    return RunningBalancer(backends, host, port).start()


def main() -> None:
    """`python -m sandbox.balancer --listen 127.0.0.1:8080 http://127.0.0.1:8081 ...`: the
    balancer in a process of its own (as nginx would be), so it does not share a GIL with the
    stand-in or the load it serves."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--listen", default="127.0.0.1:8080", help="host:port")
    parser.add_argument("backends", nargs="+", help="base URLs, e.g. http://127.0.0.1:8081")
    args = parser.parse_args()
    host, _, port = args.listen.rpartition(":")
    web.run_app(Balancer(args.backends).app, host=host, port=int(port), access_log=None,
                print=None, shutdown_timeout=1.0)


if __name__ == "__main__":
    main()
