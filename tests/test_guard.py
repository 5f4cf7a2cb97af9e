"""The guard: updates no real Telegram client could send are dropped before anything touches
them (ids out of range, bots and strangers in a person's private chat, presses on another
person's message); polling skips impossible update ids; a screen is only edited in its own
chat."""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiogram.methods import TelegramMethod
from aiogram.types import Message, Update

from bot.app import App, build_app
from bot.pipeline.handling import UpdateHandler
from bot.pipeline.middlewares.guard import Guard, ids_problem, sender_problem
from bot.pipeline.polling import poll_forever, storable
from bot.settings import load_settings
from storage.db import SqliteDatabase
from storage.inbox import InboxRepo

PERSON, OTHER, GROUP = 700_111, 700_222, -1001234567890
BOT_ID = 123456
_ids = itertools.count(100)


def person(user_id: int = PERSON, is_bot: bool = False) -> dict[str, Any]:
    return {"id": user_id, "is_bot": is_bot, "first_name": "A", "language_code": "ru"}


def private(chat_id: int = PERSON) -> dict[str, Any]:
    return {"id": chat_id, "type": "private", "first_name": "A"}


def supergroup(chat_id: int = GROUP) -> dict[str, Any]:
    return {"id": chat_id, "type": "supergroup", "title": "G", "is_forum": True}


def message(chat: dict[str, Any] | None = None, sender: dict[str, Any] | None = None,
            **extra: Any) -> dict[str, Any]:
    data = {"message_id": next(_ids), "date": 0, "chat": chat or private(), "text": "hi",
            **extra}
    if sender is not None:
        data["from"] = sender
    return data


def update(update_id: int = 1, **kinds: Any) -> Update:
    return Update.model_validate({"update_id": update_id, **kinds})


def text_update(**extra: Any) -> Update:
    return update(message=message(sender=person(), **extra))


def press(chat: dict[str, Any], presser: dict[str, Any] | None = None) -> Update:
    return update(callback_query={
        "id": "1", "chat_instance": "c", "data": "go:menu", "from": presser or person(),
        "message": message(chat, person(BOT_ID, is_bot=True))})


def verdict(event: Update) -> str | None:
    context = event.event  # what aiogram's user context middleware would find
    chat = getattr(context, "chat", None) or getattr(getattr(context, "message", None),
                                                      "chat", None)
    user = getattr(context, "from_user", None)
    return ids_problem(event) or sender_problem(event, user, chat)


# -- ids out of range ---------------------------------------------------------------------------
def test_ordinary_updates_pass() -> None:
    assert verdict(text_update()) is None
    assert verdict(update(message=message(supergroup(), person(), message_thread_id=7,
                                          is_topic_message=True))) is None
    assert verdict(press(private())) is None
    # ids at the edge of Telegram's range
    assert verdict(update(2**52 - 1, message=message(
        private(2**52 - 1), person(2**52 - 1), message_id=2**52 - 1))) is None
    assert verdict(update(message=message(supergroup(-(2**53) + 1), person()))) is None


@pytest.mark.parametrize("odd", [0, -1, 2**52, 2**63, 2**64])
def test_a_user_id_out_of_range_is_refused(odd: int) -> None:
    assert verdict(update(message=message(private(odd), person(odd)))) == "user id out of range"


@pytest.mark.parametrize("odd", [-(2**53), -(2**63) - 1, 2**63, 0])
def test_a_group_id_out_of_range_is_refused(odd: int) -> None:
    assert verdict(update(message=message(supergroup(odd), person()))) == "chat id out of range"


def test_a_private_chat_must_have_a_persons_id() -> None:
    assert verdict(update(message=message(private(-5), person()))) == "chat id out of range"
    basic = {"id": -(2**52), "type": "group", "title": "G"}
    assert verdict(update(message=message(basic, person()))) == "chat id out of range"


@pytest.mark.parametrize("field,value", [
    ("message_id", 0), ("message_id", 2**52), ("message_id", 2**63), ("message_id", -3),
    ("message_thread_id", 2**60), ("message_thread_id", 0),
])
def test_message_and_topic_ids_out_of_range_are_refused(field: str, value: int) -> None:
    assert verdict(text_update(**{field: value})) == f"{field} out of range"


def test_ids_deep_inside_are_checked_too() -> None:
    reply = message(private(), person(), message_id=2**55)
    assert verdict(text_update(reply_to_message=reply)) == "message_id out of range"
    contact = {"phone_number": "+7700", "first_name": "C", "user_id": 2**52}
    assert verdict(update(message=message(sender=person(), contact=contact))) == \
        "user_id out of range"
    sender_chat = supergroup(-(2**53) - 7)
    assert verdict(update(message=message(supergroup(), person(), sender_chat=sender_chat))) \
        == "chat id out of range"


def test_any_number_too_big_for_sqlite_is_refused_even_in_unknown_fields() -> None:
    dice = {"emoji": "🎲", "value": 2**63}
    assert verdict(update(message=message(sender=person(), dice=dice))) == \
        "a number out of range"
    # a key is not echoed into the log: anyone can choose it
    assert verdict(text_update(some_future_field={"deep": [1, {"secret": -(2**63) - 1}]})) \
        == "a number out of range"


@pytest.mark.parametrize("odd", [-1, 2**52, 2**63])
def test_an_update_id_out_of_range_is_refused(odd: int) -> None:
    assert verdict(update(odd, message=message(sender=person()))) == "update id out of range"


# -- who sent it, where ---------------------------------------------------------------------------
def test_a_bot_in_a_private_chat_is_refused_but_in_a_group_it_passes() -> None:
    assert verdict(update(message=message(sender=person(is_bot=True)))) == "bot sender"
    anonymous = person(1087968824, is_bot=True)  # the group's anonymous admin
    assert verdict(update(message=message(supergroup(), anonymous,
                                          sender_chat=supergroup()))) is None


def test_a_stranger_or_nobody_in_a_private_chat_is_refused() -> None:
    assert verdict(update(message=message(private(), person(OTHER)))) == \
        "sender is not the private chat's person"
    assert verdict(update(message=message(private()))) == "no sender in a private chat"


def test_a_press_on_another_persons_message_is_refused() -> None:
    assert verdict(press(private(OTHER))) == "button pressed in another person's chat"
    assert verdict(press(supergroup())) is None  # the defenders' buttons are pressed by many


def test_a_text_or_caption_longer_than_any_client_sends_is_refused() -> None:
    assert verdict(text_update(text="я" * 4096)) is None
    assert verdict(text_update(text="😀" * 2048)) is None  # 4096 UTF-16 units
    assert verdict(text_update(text="😀" * 2048 + ".")) == "text too long"
    photo = [{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}]
    assert verdict(update(message=message(sender=person(), photo=photo,
                                          caption="x" * 4097))) == "caption too long"
    reply = message(private(), person(), text="x" * 5000)
    assert verdict(text_update(reply_to_message=reply)) == "text too long"


def test_an_update_with_a_huge_structure_is_refused() -> None:
    assert verdict(text_update(future=[0] * 250_000)) == "update too large"


def test_the_guard_drops_quietly_with_one_log_line_and_no_ids(
        caplog: pytest.LogCaptureFixture) -> None:
    called: list[Update] = []

    async def handler(event: Any, data: dict[str, Any]) -> str:
        called.append(event)
        return "handled"

    event = update(message=message(private(OTHER), person()))
    data = {"event_from_user": event.message.from_user, "event_chat": event.message.chat}
    with caplog.at_level(logging.INFO, logger="bot.pipeline.middlewares.guard"):
        assert asyncio.run(Guard()(handler, event, data)) is None
        ok = text_update()
        ok_data = {"event_from_user": ok.message.from_user, "event_chat": ok.message.chat}
        assert asyncio.run(Guard()(handler, ok, ok_data)) == "handled"
    assert called == [ok]
    lines = [r.getMessage() for r in caplog.records]
    assert lines == ["refused an update: sender is not the private chat's person"]
    assert not any(ch.isdigit() for ch in lines[0])


# -- the whole pipeline, in process ---------------------------------------------------------------
class Telegram:
    """The Bot API answered in process: every request recorded, a message for sends/edits."""

    def __init__(self) -> None:
        self.requests: list[TelegramMethod[Any]] = []

    async def __call__(self, bot: Any, method: TelegramMethod[Any],
                       timeout: int | None = None) -> Any:
        self.requests.append(method)
        chat_id = getattr(method, "chat_id", None)
        if method.__api_method__.startswith(("send", "edit")) and isinstance(chat_id, int):
            return Message.model_validate({
                "message_id": next(_ids), "date": 0, "text": "screen",
                "chat": private(chat_id), "from": person(BOT_ID, is_bot=True)},
                context={"bot": bot})
        return True


@pytest.fixture
def pipeline(tmp_path: Path) -> Iterator[tuple[App, UpdateHandler, Telegram, asyncio.Runner]]:
    runner = asyncio.Runner()
    settings = load_settings(bot_token=f"{BOT_ID}:GUARD-test", data_dir=tmp_path,
                             database_url=f"sqlite:///{tmp_path}/q.db", log_level="WARNING")
    app = runner.run(build_app(settings))
    telegram = Telegram()
    app.bot.session.make_request = telegram  # type: ignore[method-assign]
    handler = UpdateHandler(app.bot, app.dp, app.db, app.inbox)
    try:
        yield app, handler, telegram, runner
    finally:
        runner.run(app.close())
        runner.close()


def test_a_bot_sender_in_a_private_chat_no_longer_fails_the_update(
        pipeline: tuple[App, UpdateHandler, Telegram, asyncio.Runner],
        caplog: pytest.LogCaptureFixture) -> None:
    """It used to reach the handlers without `visitor` and `screens` (the context middleware
    skips bots), and /start failed with a TypeError: welcome() missing 2 arguments."""
    _, handle, telegram, runner = pipeline
    raw = {"update_id": 7, "message": message(sender=person(is_bot=True), text="/start")}
    with caplog.at_level(logging.WARNING):
        runner.run(handle(7, raw))
    assert telegram.requests == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert "refused an update: bot sender" in caplog.text
    runner.run(handle(8, {"update_id": 8, "message": message(sender=person(), text="/start")}))
    assert [m.__api_method__ for m in telegram.requests] == ["sendMessage"]  # a person: served


def test_a_forged_press_on_another_persons_message_edits_nothing(
        pipeline: tuple[App, UpdateHandler, Telegram, asyncio.Runner]) -> None:
    _, handle, telegram, runner = pipeline
    forged = press(private(OTHER)).model_dump(mode="json", exclude_none=True, by_alias=True)
    runner.run(handle(9, forged))
    assert telegram.requests == []


def test_show_edits_only_the_pressers_own_screen(
        pipeline: tuple[App, UpdateHandler, Telegram, asyncio.Runner]) -> None:
    """The second lock: even past the guard, a press in a private chat that is not the
    presser's own is answered with a new message to the presser, never an edit."""
    from bot.kit.show import show

    app, _, telegram, runner = pipeline
    query = Update.model_validate(press(private(OTHER)).model_dump(), context={"bot": app.bot})
    assert query.callback_query is not None
    runner.run(show(query.callback_query, "screen"))
    assert [(m.__api_method__, m.chat_id) for m in telegram.requests] == \
        [("sendMessage", PERSON)]  # type: ignore[attr-defined]
    own = Update.model_validate(press(private()).model_dump(), context={"bot": app.bot})
    assert own.callback_query is not None
    runner.run(show(own.callback_query, "screen"))
    assert telegram.requests[-1].__api_method__ == "editMessageText"
    assert telegram.requests[-1].chat_id == PERSON  # type: ignore[attr-defined]


# -- polling ---------------------------------------------------------------------------------------
def test_polling_skips_impossible_update_ids_and_still_moves_on(
        caplog: pytest.LogCaptureFixture) -> None:
    batch = [{"update_id": 5}, {"update_id": 2**63}, {"update_id": 2**52}, {"update_id": -1},
             {"update_id": True}, {"update_id": "6"}, {"update_id": 7}, {}]
    with caplog.at_level(logging.WARNING, logger="bot.pipeline.polling"):
        kept, offset = storable(batch)
    assert [u for u, _ in kept] == [5, 7]
    assert offset == 2**52 + 1  # past every id Telegram could be asked to forget
    assert [r.getMessage() for r in caplog.records] == \
        ["getUpdates: 6 update(s) with an impossible id skipped"]
    assert storable([{"update_id": 2**63}]) == ([], None)


def test_a_batch_with_an_id_too_big_for_sqlite_is_stored_without_it(tmp_path: Path) -> None:
    """It used to fail the whole batch: SQLite INTEGER overflow, every time it was fetched."""
    batches = [[{"update_id": 40, "message": message(sender=person())},
                {"update_id": 2**64, "message": message(sender=person())},
                {"update_id": 41, "message": message(sender=person())}],
               [{"update_id": 2**63}]]

    class Bot:
        def __init__(self) -> None:
            self.offsets: list[int | None] = []

        async def __call__(self, method: Any, request_timeout: int | None = None) -> Any:
            self.offsets.append(method.offset)
            if batches:
                return batches.pop(0)
            raise asyncio.CancelledError

    class Runner:
        backlog = 0

        def __init__(self) -> None:
            self.submitted: list[int] = []

        def submit(self, batch: list[tuple[int, dict[str, Any]]]) -> None:
            self.submitted += [u for u, _ in batch]

    async def scenario() -> tuple[list[int], int | None, list[int | None], list[int]]:
        db = SqliteDatabase(tmp_path / "q.db")
        await db.connect()
        try:
            inbox, bot, runner = InboxRepo(db), Bot(), Runner()
            with pytest.raises(asyncio.CancelledError):
                await poll_forever(bot, inbox, runner, [])  # type: ignore[arg-type]
            stored = [u for u, _ in await inbox.pending()]
            return stored, await inbox.offset(), bot.offsets, runner.submitted
        finally:
            await db.close()

    stored, offset, asked, submitted = asyncio.run(scenario())
    assert stored == submitted == [40, 41]
    assert offset == 42
    # the second batch held only an id no offset can pass: not fetched again in a busy loop
    assert asked == [None, 42, 42]
