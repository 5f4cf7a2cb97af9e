"""sandbox/balancer.py: round robin over the backends, the request passed on whole, a backend
that does not answer skipped, 502 only when none answers."""

from __future__ import annotations

import asyncio
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from aiohttp import web

from sandbox.balancer import running_balancer
from tests.harness import free_port

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class Backend:
    """A tiny aiohttp server in a thread that echoes what it got, with its name."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        assert self._ready.wait(5)

    async def _echo(self, request: web.Request) -> web.Response:
        return web.json_response(
            {"backend": self.name, "method": request.method, "path": request.path_qs,
             "secret": request.headers.get(SECRET_HEADER),
             "body": (await request.read()).decode()}, status=201)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._echo)
        runner = web.AppRunner(app, access_log=None)
        self._loop.run_until_complete(runner.setup())
        self._loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", self.port).start())
        self._ready.set()
        self._loop.run_forever()
        self._loop.run_until_complete(runner.cleanup())

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)


def post(url: str, body: bytes = b"{}") -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(url, data=body, method="POST", headers={
        SECRET_HEADER: "s3cret", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, {"text": exc.read().decode()}


@pytest.fixture
def backends() -> Iterator[list[Backend]]:
    started = [Backend("a"), Backend("b")]
    yield started
    for backend in started:
        backend.stop()


def test_requests_go_round_robin_and_are_passed_on_whole(backends: list[Backend]) -> None:
    with running_balancer([b.url for b in backends]) as lb:
        answers = [post(f"{lb.url}/tg/hook?x=1", b'{"update_id": 7}') for _ in range(4)]
        assert [a[1]["backend"] for a in answers] == ["a", "b", "a", "b"]
        status, echo = answers[0]
        assert status == 201
        assert echo == {"backend": "a", "method": "POST", "path": "/tg/hook?x=1",
                        "secret": "s3cret", "body": '{"update_id": 7}'}
        assert lb.balancer.forwarded == [2, 2]


def test_a_stopped_backend_is_skipped_and_none_answering_is_502(backends: list[Backend]) -> None:
    backends[0].stop()
    with running_balancer([b.url for b in backends]) as lb:
        answers = [post(f"{lb.url}/hook") for _ in range(3)]
        assert [(s, a["backend"]) for s, a in answers] == [(201, "b")] * 3
        assert lb.balancer.forwarded == [0, 3] and lb.balancer.failed[0] >= 1
        backends[1].stop()
        status, _ = post(f"{lb.url}/hook")
        assert status == 502
