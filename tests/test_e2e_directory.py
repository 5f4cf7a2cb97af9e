"""The directory of help over HTTP with the real bot process, and the stand-in's files and
locations it relies on."""

from __future__ import annotations

import asyncio
import io

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, Update

from sandbox.fakeapi import FakeTelegram, ThreadedServer


class QuickSession(AiohttpSession):
    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


def started(tg: FakeTelegram, user_id: int = 111) -> int:
    tg.user(user_id, "Aigerim")
    tg.send_text(user_id, "/start")
    return user_id


# -- the stand-in: documents with contents, getFile, downloads, locations ---------------------
def test_a_document_a_person_sends_can_be_fetched_and_downloaded(srv: ThreadedServer) -> None:
    tg = srv.tg
    person = started(tg)
    sent = tg.send_document(person, "list.csv", b"id,region\r\n", caption="/import now")
    assert sent["document"]["file_name"] == "list.csv"
    assert sent["document"]["file_size"] == 11
    assert sent["caption_entities"] == [{"type": "bot_command", "offset": 0, "length": 7}]

    async def main() -> tuple[bytes, str, str]:
        bot = Bot(tg.token, session=QuickSession(api=TelegramAPIServer.from_base(srv.url)),
                  default=DefaultBotProperties(parse_mode="HTML"))
        try:
            updates = await bot.get_updates()
            message = Update.model_validate(updates[-1].model_dump()).message
            assert message is not None and message.document is not None
            out = io.BytesIO()
            await bot.download(message.document, destination=out)
            with pytest.raises(TelegramBadRequest, match="invalid file_id"):
                await bot.get_file("fake-document-nope")
            upload = await bot.send_document(person, BufferedInputFile(b"a,b\n", "out.csv"),
                                             caption="here")
            assert upload.document is not None
            return out.getvalue(), upload.document.file_id, upload.document.file_name or ""
        finally:
            await bot.session.close()

    content, uploaded, name = asyncio.run(main())
    assert content == b"id,region\r\n"
    stored = tg.file(uploaded)
    assert stored is not None and stored.content == b"a,b\n" and name == "out.csv"
    upload_call = tg.calls_to("sendDocument")[-1]
    attached = upload_call.params["document"].removeprefix("attach://")
    assert upload_call.params[attached] == {"upload": "out.csv"}  # no bytes in the call log
    assert tg.download(stored.file_path) == b"a,b\n"


def test_a_person_shares_a_location(tg: FakeTelegram) -> None:
    person = started(tg)
    sent = tg.send_location(person, 51.1694, 71.4491)
    assert sent["location"] == {"latitude": 51.1694, "longitude": 71.4491}
    with pytest.raises(ValueError, match="latitudes"):
        tg.send_location(person, 91, 0)
