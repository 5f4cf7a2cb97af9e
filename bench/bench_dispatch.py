"""The dispatcher pipeline in one process, without HTTP: what one button press costs.

Builds the real app (build_app: middlewares, router tree, storage) with the Bot API answered
in-process, then has PEOPLE people answer the pre-assessment concurrently, twice: once on the
SQLite FSM storage, once with aiogram's MemoryStorage in its place. Prints presses per second,
their ratio, CPU per press, and per press: SQL statements, commits and thread hops.

    .venv/bin/python bench/bench_dispatch.py [people] [presses each]
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.pipeline.aiogram_models import import_aiogram

import_aiogram()  # as the bot does

from aiogram.fsm.storage.memory import MemoryStorage  # noqa: E402
from aiogram.methods import TelegramMethod  # noqa: E402
from aiogram.types import Message, Update  # noqa: E402

from bot.app import App, build_app  # noqa: E402
from bot.assessment.callbacks import AnswerPress, QuestionAction, QuestionPress  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from storage import unit as uow  # noqa: E402

PEOPLE = int(sys.argv[1]) if len(sys.argv) > 1 else 50
PRESSES = int(sys.argv[2]) if len(sys.argv) > 2 else 40
TOKEN = "123456:BENCH-token"
BOT_ID = 123456

_message_ids = itertools.count(1000)
_query_ids = itertools.count(1)
# Distinct, as Telegram's are: aiogram caches Update.event_type by the update (lru_cache, equal
# hashes for equal ids), and equal ids made every lookup compare whole updates (2 ms each).
_update_ids = itertools.count(1)
thread_hops = 0
_to_thread = asyncio.to_thread


async def counting_to_thread(func: Any, /, *args: Any, **kwargs: Any) -> Any:
    global thread_hops
    thread_hops += 1
    return await _to_thread(func, *args, **kwargs)


asyncio.to_thread = counting_to_thread  # aiogram runs synchronous filters this way


def message_json(chat_id: int, text: str = "screen") -> dict[str, Any]:
    return {"message_id": next(_message_ids), "date": 0, "text": text,
            "chat": {"id": chat_id, "type": "private", "first_name": "P"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Qorgau"}}


async def answer_in_process(bot: Any, method: TelegramMethod[Any], timeout: int | None = None,  # noqa: ASYNC109
                            ) -> Any:
    """Telegram's answers, without the network: a message for sends and edits, else True."""
    chat_id = getattr(method, "chat_id", None)
    name = method.__api_method__
    if name.startswith(("send", "edit")) and isinstance(chat_id, int):
        return Message.model_validate(message_json(chat_id), context={"bot": bot})
    return True


def press(user_id: int, data: str) -> dict[str, Any]:
    return {"update_id": next(_update_ids), "callback_query": {
        "id": str(next(_query_ids)), "chat_instance": "ci", "data": data,
        "from": {"id": user_id, "is_bot": False, "first_name": "P", "language_code": "ru"},
        "message": message_json(user_id)}}


def text(user_id: int, body: str) -> dict[str, Any]:
    return {"update_id": next(_update_ids), "message": {
        "message_id": next(_message_ids), "date": 0, "text": body,
        "chat": {"id": user_id, "type": "private", "first_name": "P"},
        "from": {"id": user_id, "is_bot": False, "first_name": "P", "language_code": "ru"}}}


async def feed(app: App, raw: dict[str, Any]) -> None:
    update = Update.model_validate(raw, context={"bot": app.bot})
    unit = uow.UnitOfWork(app.db)
    with uow.active(unit):
        await app.dp.feed_update(app.bot, update)
    await unit.commit()


async def person(app: App, user_id: int, presses: int, total: int) -> None:
    await feed(app, text(user_id, "/start"))
    await feed(app, press(user_id, QuestionPress(q=0, act=QuestionAction.START).pack()))
    position = 0
    for _ in range(presses):
        if position == total:
            await feed(app, press(user_id, QuestionPress(q=0, act=QuestionAction.RESTART).pack()))
            position = 0
        else:
            await feed(app, press(user_id, AnswerPress(q=position, v="n").pack()))
            position += 1


async def run(memory: bool, tmp: Path) -> dict[str, float]:
    global thread_hops
    settings = load_settings(bot_token=TOKEN, telegram_api_url="http://127.0.0.1:9",
                             database_url=f"sqlite:///{tmp / ('m' if memory else 's')}.db",
                             flood_burst=10**9, log_level="WARNING")
    app = await build_app(settings)
    app.bot.session.make_request = answer_in_process  # type: ignore[method-assign]
    if memory:
        app.dp.fsm.storage = MemoryStorage()
    total = len(app.dp["content"].assessment.criteria)
    users = range(10_000, 10_000 + PEOPLE)
    await asyncio.gather(*(person(app, u, 3, total) for u in users))  # warm up every cache
    gc.collect()
    gc.freeze()
    stats = app.db.stats
    before = (stats.statements, stats.commits, stats.hops, thread_hops)
    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.gather(*(person(app, u, PRESSES, total) for u in users))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    updates = PEOPLE * (PRESSES + 2)
    statements, commits, hops, filter_hops = (a - b for a, b in zip(
        (stats.statements, stats.commits, stats.hops, thread_hops), before, strict=True))
    await app.close()
    gc.unfreeze()
    return {"rate": updates / wall, "cpu_ms": cpu / updates * 1000,
            "statements": statements / updates, "commits": commits / updates,
            "db_hops": hops / updates, "filter_hops": filter_hops / updates}


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for memory in (True, False, True, False):  # interleaved, best of two each
            name = "MemoryStorage" if memory else "SQLite storage"
            result = await run(memory, Path(tmp) / str(len(results)))
            if name not in results or result["rate"] > results[name]["rate"]:
                results[name] = result
    print(f"{PEOPLE} people x {PRESSES} presses each (plus /start and the first press)")
    for name, r in results.items():
        print(f"{name:15}: {r['rate']:7,.0f} updates/s, CPU {r['cpu_ms']:.3f} ms per update; "
              f"per update: {r['statements']:.2f} SQL statements, {r['commits']:.2f} commits, "
              f"{r['db_hops']:.2f} database thread hops, {r['filter_hops']:.2f} filter hops")
    ratio = results["SQLite storage"]["rate"] / results["MemoryStorage"]["rate"]
    print(f"SQLite storage / MemoryStorage: {ratio:.2f}x")


if __name__ == "__main__":
    asyncio.run(main())
