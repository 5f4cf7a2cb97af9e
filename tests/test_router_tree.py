"""The router tree: filtered once per branch by async filters, built afresh on every call,
no router importing another; the questionnaire under way is read at most once per update."""

from __future__ import annotations

import ast
import asyncio
import enum
import itertools
import typing
from datetime import datetime
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher, F, Router
from aiogram.filters.callback_data import CallbackData, CallbackQueryFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import CallbackQuery, Chat, Message, Update, User

from bot.assessment.journey import Journey
from bot.assessment.states import Assessment
from bot.kit.filters import PressPrefixIn, gate_presses, press_prefixes
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


# -- the doors that pass a press over before its handlers unpack it (issue #25) --------------

def _press(data: str, chat_id: int = PERSON, chat_type: str = "private",
           user_id: int = PERSON) -> Update:
    return Update(update_id=2, callback_query=CallbackQuery(
        id="q", chat_instance="c", data=data,
        from_user=User(id=user_id, is_bot=False, first_name="x"),
        message=Message(message_id=3, date=datetime.now(), text="screen",
                        chat=Chat(id=chat_id, type=chat_type))))


def _which_handler(root: Router) -> Router:
    """Each press handler answers with its router's name and place, nothing else (no inner
    middleware, no call): the tree only says who would take a press."""
    for router in root.chain_tail:
        for observer in router.observers.values():
            observer.middleware._middlewares.clear()
        for place, handler in enumerate(router.callback_query.handlers):
            async def taken(*_: object, label: str = f"{router.name}#{place}", **__: object,
                            ) -> str:
                return label
            handler.call = taken  # type: ignore[method-assign]
    return root


def _ungated(root: Router) -> Router:
    for router in root.chain_tail:
        door = router.callback_query._handler
        door.filters = [f for f in door.filters or () if not isinstance(f.callback, PressPrefixIn)]
    return root


def _press_kinds(root: Router) -> list[type[CallbackData]]:
    return sorted({f.callback.callback_data for r in root.chain_tail
                   for h in r.callback_query.handlers for f in h.filters or ()
                   if isinstance(f.callback, CallbackQueryFilter)}, key=lambda c: c.__prefix__)


def _samples(annotation: Any) -> list[Any]:
    """A few values of a field's type: every member of an enum, both booleans."""
    kinds = typing.get_args(annotation) or (annotation,)
    values: list[Any] = []
    for kind in kinds:
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            values.extend(kind)
        elif kind is bool:
            values.extend((True, False))
        elif kind is int:
            values.extend((0, 1, 15))
        elif kind is str:
            values.extend(("ru", "kk", "x"))
        elif kind is type(None):
            values.append(None)
    return values or [0]


def _packed(kind: type[CallbackData]) -> list[str]:
    """Presses of this kind with values that unpack (every combination, up to 200)."""
    fields = [_samples(info.annotation) for info in kind.model_fields.values()]
    return [kind(**dict(zip(kind.model_fields, combo, strict=True))).pack()
            for combo in itertools.islice(itertools.product(*fields), 200)]


def test_presses_are_taken_by_the_same_handlers_behind_the_doors() -> None:
    """For every kind of press in the tree (values that unpack and values that do not) and for
    data of no prefix, in a person's chat, an admin's and the defenders' group: the gated tree
    picks the handler the plain one picks."""
    settings = {"defenders_chat_id": DEFENDERS, "admin_ids": str(ADMIN)}
    kinds = _press_kinds(_tree(**settings))
    assert len(kinds) > 15
    values = ["", "x:y:z", "1", "🙂"]
    datas = [d for kind in kinds for d in _packed(kind)] + [
        f"{k.__prefix__}{k.__separator__}{v}" if v else k.__prefix__
        for k in kinds for v in values] + [
        "", "zz:1", "hello", ":", "go", "a:", "🙂", "go:" + "m" * 60, "xx", "x|1"]
    chats = [(PERSON, "private", PERSON), (ADMIN, "private", ADMIN),
             (DEFENDERS, "supergroup", PERSON)]

    async def run() -> None:
        gated, plain = Dispatcher(), Dispatcher()
        gated.include_router(_which_handler(_tree(**settings)))
        plain.include_router(_which_handler(_ungated(_tree(**settings))))
        bot = Bot("123:abc")
        taken = set()
        for chat in chats:
            for data in datas:
                update = _press(data, *chat)
                handler = await gated.feed_update(bot, update)
                assert handler == await plain.feed_update(bot, update), (chat, data)
                taken.add(handler)
        assert len(taken) > 50  # most press handlers of the tree were reached
        await bot.session.close()

    asyncio.run(run())


def test_a_router_gets_a_door_only_when_every_press_it_takes_has_a_prefix() -> None:
    class Pick(CallbackData, prefix="pk"):
        n: int

    class Other(CallbackData, prefix="ot", sep="|"):
        n: int

    async def nothing(query: CallbackQuery) -> None:
        return None

    prefixed, inner, anything, outer, presses_none = (
        Router(name=n) for n in ("prefixed", "inner", "anything", "outer", "none"))
    prefixed.callback_query.register(nothing, Pick.filter(F.n > 1))
    inner.callback_query.register(nothing, Other.filter())
    anything.callback_query.register(nothing)
    outer.include_routers(prefixed, inner)
    presses_none.message.register(nothing)
    assert press_prefixes(outer) == {("pk", ":"), ("ot", "|")}
    assert press_prefixes(anything) is None
    assert press_prefixes(presses_none) == frozenset()  # no press handler inside: passed over

    root = Router(name="root")
    root.include_routers(outer, anything, presses_none)
    gate_presses(root)
    doors = {r.name: [f.callback.prefixes for f in r.callback_query._handler.filters or ()
                      if isinstance(f.callback, PressPrefixIn)] for r in root.chain_tail}
    assert doors == {"root": [], "outer": [(("ot", "|"), ("pk", ":"))],
                     "prefixed": [(("pk", ":"),)], "inner": [(("ot", "|"),)],
                     "anything": [], "none": [()]}
