"""The router tree: filtered once per branch by async filters, built afresh on every call,
no router importing another; the questionnaire under way is read at most once per update."""

from __future__ import annotations

import ast
import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import Chat, Message, Update, User

from bot.assessment.journey import Journey
from bot.assessment.states import Assessment
from bot.settings import Settings
from bot.tree import build_router_tree
from dialogs.questionnaire import Progress

BOT = Path(__file__).resolve().parent.parent / "bot"
DEFENDERS, ADMIN, PERSON = -100123, 7, 5


def test_only_the_composition_root_knows_the_tree() -> None:
    """Features never import one another (tests/test_layers.py); the tree is assembled in
    bot/tree.py, and only the composition root (bot/app.py) imports it."""
    for path in BOT.rglob("*.py"):
        if path.name in ("app.py", "tree.py") and path.parent == BOT:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module != "bot.tree", f"{path}: {node.module}"


def _tree(**settings: Any) -> Router:
    return build_router_tree(Settings(_env_file=None, **settings))  # type: ignore[call-arg]


def test_the_tree_builds_again_in_one_process() -> None:
    first, second = _tree(), _tree()
    names = ["errors", "safety", "admin", "private", "defenders", "fallback"]
    assert [r.name for r in first.sub_routers] == [r.name for r in second.sub_routers] == names
    Dispatcher().include_router(first)
    Dispatcher().include_router(second)


def _probe(root: Router, name: str) -> None:
    branch = next(r for r in root.sub_routers if r.name == name)

    async def caught(message: Message) -> str:
        return name

    branch.message.register(caught)
    branch.message.handlers.insert(0, branch.message.handlers.pop())  # before the branch's own


def _message(chat_id: int, chat_type: str, user_id: int) -> Update:
    return Update(update_id=1, message=Message(
        message_id=1, date=datetime.now(), text="hello",
        chat=Chat(id=chat_id, type=chat_type),
        from_user=User(id=user_id, is_bot=False, first_name="x")))


def test_branches_take_their_own_chats() -> None:
    async def run(update: Update, **settings: Any) -> object:
        root = _tree(**settings)
        for name in ("defenders", "admin"):
            _probe(root, name)
        dp = Dispatcher()
        dp.include_router(root)
        return await dp.feed_update(Bot("123:abc"), update)

    everything = {"defenders_chat_id": DEFENDERS, "admin_ids": str(ADMIN)}
    assert asyncio.run(run(_message(DEFENDERS, "supergroup", PERSON), **everything)) == "defenders"
    assert asyncio.run(run(_message(ADMIN, "private", ADMIN), **everything)) == "admin"
    assert asyncio.run(run(_message(-100999, "supergroup", ADMIN), **everything)) != "admin"
    assert asyncio.run(run(_message(DEFENDERS, "supergroup", PERSON))) != "defenders"  # unset


class CountingStorage(MemoryStorage):
    def __init__(self) -> None:
        super().__init__()
        self.reads = 0

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        self.reads += 1
        return await super().get_data(key)


def test_progress_is_read_once_and_saves_keep_it_current() -> None:
    async def run() -> None:
        storage = CountingStorage()
        state = FSMContext(storage, StorageKey(bot_id=1, chat_id=PERSON, user_id=PERSON))
        journey = await Journey.load(state, None, "e1")
        assert journey.progress is None and not journey.in_dialog and storage.reads == 0

        await state.set_state(Assessment.answering)
        await state.update_data(assessment=Progress("e1", position=3).to_data(), other=1)
        storage.reads = 0
        journey = await Journey.load(state, Assessment.answering.state, "e1")
        assert journey.progress == Progress("e1", position=3) and storage.reads == 1
        await journey.save(Progress("e1", position=4))
        assert journey.progress == Progress("e1", position=4) and storage.reads == 1
        assert (await state.get_data())["other"] == 1  # the save merged, kept the rest

        await journey.save(Progress("e1", position=16), finished=True)
        assert journey.progress is None and await state.get_state() == Assessment.finished.state
        assert (await Journey.load(state, Assessment.answering.state, "e2")).progress is None

        await journey.clear()
        assert not journey.in_dialog and await state.get_state() is None

    asyncio.run(run())
