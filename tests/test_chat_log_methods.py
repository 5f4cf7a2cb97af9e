"""Every message the bot places in a private chat is logged for quick exit, whichever method
placed it; edits and group messages are not. Real HTTP to the stand-in Bot API, real SQLite."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import InputMediaPhoto

from bot.pipeline.middlewares.chat_log import LogOutgoing
from sandbox.fakeapi import ThreadedServer, running_in_thread
from storage.chat_log import ChatLogRepo
from storage.db import SqliteDatabase

PERSON, OTHER, GROUP = 4001, 4002, -1004003
Place = Callable[[Bot, int], Awaitable[Any]]


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadedServer]:
    with running_in_thread() as srv:
        srv.tg.user(PERSON, "A")
        srv.tg.user(OTHER, "B")
        srv.tg.add_group(GROUP, "Some group")
        for person in (PERSON, OTHER):  # a bot may write only to people who wrote to it
            srv.tg.send_text(person, "/start")
        yield srv


def source_message(server: ThreadedServer) -> int:
    """A message in the other person's chat to copy or forward from."""
    return int(server.tg.send_text(OTHER, "source")["message_id"])


def placed_ids(server: ThreadedServer, chat_id: int, since: int) -> list[int]:
    return sorted(m.message_id for m in server.tg.history(chat_id)
                  if m.from_bot and m.message_id > since)


async def run_with_log(server: ThreadedServer, tmp_path: Path, chat_id: int,
                       place: Place) -> list[int]:
    db = SqliteDatabase(tmp_path / "q.db")
    await db.connect()
    bot = Bot(server.tg.token, session=AiohttpSession(
        api=TelegramAPIServer.from_base(server.url)))
    bot.session.middleware(LogOutgoing(ChatLogRepo(db)))
    try:
        await place(bot, chat_id)
        return await ChatLogRepo(db).deletable(chat_id)
    finally:
        await bot.session.close()
        await db.close()


def album() -> list[InputMediaPhoto]:
    return [InputMediaPhoto(media="photo-file-1"), InputMediaPhoto(media="photo-file-2",
                                                                    caption="two")]


METHODS: dict[str, Callable[[ThreadedServer], Place]] = {
    "sendMessage": lambda s: lambda bot, chat: bot.send_message(chat, "hello"),
    "sendPhoto": lambda s: lambda bot, chat: bot.send_photo(chat, "photo-file-1"),
    "sendDocument": lambda s: lambda bot, chat: bot.send_document(chat, "doc-file-1"),
    "sendMediaGroup": lambda s: lambda bot, chat: bot.send_media_group(chat, album()),
    "copyMessage": lambda s: lambda bot, chat: bot.copy_message(chat, OTHER, source_message(s)),
    "copyMessages": lambda s: lambda bot, chat: bot.copy_messages(
        chat, OTHER, [source_message(s), source_message(s)]),
    "forwardMessage": lambda s: lambda bot, chat: bot.forward_message(
        chat, OTHER, source_message(s)),
    "forwardMessages": lambda s: lambda bot, chat: bot.forward_messages(
        chat, OTHER, [source_message(s), source_message(s)]),
}


@pytest.mark.parametrize("name", list(METHODS))
def test_each_placing_method_is_logged(name: str, server: ThreadedServer,
                                       tmp_path: Path) -> None:
    before = max((m.message_id for m in server.tg.history(PERSON)), default=0)
    logged = asyncio.run(run_with_log(server, tmp_path, PERSON, METHODS[name](server)))
    placed = placed_ids(server, PERSON, before)
    assert placed, f"{name} placed nothing"
    assert logged == placed


def test_edits_and_group_messages_are_not_logged(server: ThreadedServer,
                                                 tmp_path: Path) -> None:
    async def edit(bot: Bot, chat: int) -> None:
        sent = await bot.send_message(chat, "first")
        await bot.edit_message_text("second", chat_id=chat, message_id=sent.message_id)

    logged = asyncio.run(run_with_log(server, tmp_path, PERSON, edit))
    assert len(logged) == 1  # the send, not the edit
    group = asyncio.run(run_with_log(
        server, tmp_path, GROUP, lambda bot, chat: bot.send_message(chat, "to the group")))
    assert group == []
