"""A journal's attachments: recorded with the person's message (Telegram's file id, at once),
then downloaded in the background, hashed (SHA-256) and sealed, so the record survives the
person deleting the chat and the person's dialog never waits for a download.

The download worker leases pending files (Database.claim: with replicas, one downloads each)
and is woken when an update that recorded one commits; it also looks every few seconds, for
files left by a restart or by another replica. Hashing and sealing run in a thread: a 20 MB
video is tens of milliseconds of CPU that the event loop must not spend.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import io
import logging
import secrets
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.methods import (
    SendAnimation,
    SendAudio,
    SendDocument,
    SendPhoto,
    SendVideo,
    SendVideoNote,
    SendVoice,
    TelegramMethod,
)
from aiogram.types import InputFile, Message
from aiohttp import ClientError

from dialogs.journal import FILE_MAX
from dialogs.loggable import telegram_reason
from storage import unit as uow
from storage.journal_files import Download, JournalFilesRepo

log = logging.getLogger(__name__)

# The request that sends a journal file of each kind; its file field is named as the kind.
SEND_METHODS: dict[str, type[TelegramMethod[Message]]] = {
    "photo": SendPhoto, "video": SendVideo, "voice": SendVoice, "video_note": SendVideoNote,
    "audio": SendAudio, "document": SendDocument, "animation": SendAnimation}
LOOK_EVERY = 5.0  # seconds between looks for pending files not announced here
DOWNLOAD_TIMEOUT = 120  # seconds for one file (20 MB on a slow link)


def send_file(kind: str, chat_id: int, file: str | InputFile, caption: str | None = None,
              **extra: Any) -> TelegramMethod[Message]:
    """The send<Kind> request for a journal file (Telegram's file id, or its contents); a
    video message takes no caption."""
    if kind not in SEND_METHODS:
        kind = "document"
    if caption is not None and kind != "video_note":
        extra["caption"] = caption
    return SEND_METHODS[kind](chat_id=chat_id, **{kind: file}, **extra)


class Attachments:
    """The journal's attachments service: record now, keep in the background."""

    def __init__(self, repo: JournalFilesRepo) -> None:
        self.repo = repo
        self.owner = f"journal-files-{secrets.token_hex(8)}"
        self._wake = asyncio.Event()

    async def record(self, user_id: int, draft: str, kind: str, file_id: str, unique_id: str,
                     size: int) -> None:
        await self.repo.record(user_id, draft, kind, file_id, unique_id, size)
        unit = uow.current()
        if unit is None:
            self._wake.set()
        else:
            unit.after_commit(self._wake.set)  # the worker must see the row

    async def run(self, bot: Bot) -> None:
        while True:
            for download in await self.repo.claim(self.owner):
                await self.keep(bot, download)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), LOOK_EVERY)
            self._wake.clear()

    async def keep(self, bot: Bot, download: Download) -> None:
        """Download one file, hash and seal it; a file Telegram will not give is marked failed
        (the person sees it on the entry); a passing failure leaves it to the next look."""
        if download.size > FILE_MAX:
            await self.repo.failed(download.id)
            return
        buffer = io.BytesIO()
        try:
            await bot.download(download.file_id, destination=buffer, timeout=DOWNLOAD_TIMEOUT)
        except TelegramBadRequest as exc:  # too big, or a file id Telegram does not know
            log.warning("a journal attachment could not be downloaded: %s",
                        telegram_reason(exc.message))
            await self.repo.failed(download.id)
            return
        except (TelegramAPIError, ClientError, TimeoutError) as exc:
            log.info("a journal attachment's download failed for now (%s)", type(exc).__name__)
            return
        content = buffer.getvalue()
        if len(content) > FILE_MAX:
            await self.repo.failed(download.id)
            return
        digest = await asyncio.to_thread(lambda: hashlib.sha256(content).hexdigest())
        await self.repo.stored(download.id, content, digest)
