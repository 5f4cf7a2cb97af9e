"""The order of the pipeline: the flood limit before any lock or SQL; one person's 429 never
holds up another person."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from aiogram.fsm.middleware import FSMContextMiddleware

from bot.app import build_app
from bot.pipeline.middlewares.context import VisitorContext
from bot.pipeline.middlewares.flood import FloodLimit
from bot.pipeline.middlewares.guard import Guard
from bot.settings import load_settings
from sandbox.fakeapi import ThreadedServer
from tests.harness import Person, start_bot, start_fake_api
from tests.screens import plain


def test_the_flood_limit_comes_before_the_fsm_and_the_context(tmp_path: Path) -> None:
    async def order() -> list[type]:
        settings = load_settings(bot_token="123456:ORDER-test",
                                 database_url=f"sqlite:///{tmp_path}/q.db")
        app = await build_app(settings)
        try:
            return [type(m) for m in app.dp.update.outer_middleware]
        finally:
            await app.close()

    ours = [t for t in asyncio.run(order())
            if t in (Guard, FloodLimit, FSMContextMiddleware, VisitorContext)]
    assert ours == [Guard, FloodLimit, FSMContextMiddleware, VisitorContext]


def test_a_429_for_one_person_does_not_hold_up_another(tmp_path: Path) -> None:
    server: ThreadedServer = start_fake_api()
    bot = start_bot(server, tmp_path)
    try:
        slow, quick = Person(server.tg, 960_001, "kk"), Person(server.tg, 960_002, "kk")
        server.tg.inject_error("sendMessage", status=429, retry_after=4, times=1,
                               chat_id=slow.chat_id)
        slow.send("/start", wait=False)
        time.sleep(0.3)  # the slow person's reply is now waiting out its retry_after
        started = time.monotonic()
        quick.send("/start")
        assert quick.screen is not None and quick.screen.text == plain("kk", "start-greeting")
        assert time.monotonic() - started < 2.0
        server.tg.wait_for(lambda: slow.screen is not None, timeout=10)  # late, not lost
    finally:
        bot.stop()
        server.stop()
