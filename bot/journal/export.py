"""The whole journal as one file for the person to keep elsewhere (issue #26): a zip of the
entries as text (with their receipts) and the files kept, optionally encrypted (AES-256) with a
password they type, which is deleted from the chat at once and never stored. Said plainly
first: where the file will sit (this chat until deleted, and wherever they save it; a quick
exit deletes it from the chat only). Telegram takes 50 MB from a bot: files beyond that stay
in the journal, and the text says which."""

from __future__ import annotations

import asyncio
import html
import io
import re
import time
import zipfile

import pyzipper
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.journal.here import Here
from bot.journal.screens import KINDS, entry_text
from bot.journal.states import Journal, JournalGo, JournalScreen
from bot.kit import keyboards
from bot.kit.i18n import Translator
from bot.kit.keyboards import Row, button
from bot.kit.keys import JOURNAL_PASSWORD_KEY
from bot.kit.show import delete_typed, show, show_here, show_on
from bot.kit.waits import answers_prompt
from storage.journal import StoredEntry
from storage.journal_files import Attachment

UPLOAD_MAX = 48 * 2**20  # Telegram takes 50 MB from a bot: room for the text and the zip's own
PASSWORD_MIN, PASSWORD_MAX = 8, 64
EXTENSIONS = {"photo": "jpg", "video": "mp4", "voice": "ogg", "video_note": "mp4",
              "audio": "mp3", "document": "bin", "animation": "mp4"}


def as_text(markup: object) -> str:
    """A screen's HTML as the plain text of a file."""
    return html.unescape(re.sub(r"<[^>]+>", "", str(markup)))


def build_zip(text: str, files: list[tuple[str, bytes]], password: str | None) -> bytes:
    out = io.BytesIO()
    if password:
        archive: zipfile.ZipFile = pyzipper.AESZipFile(
            out, "w", compression=zipfile.ZIP_DEFLATED, encryption=pyzipper.WZ_AES)
        archive.setpassword(password.encode())  # type: ignore[attr-defined]
    else:
        archive = zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED)
    with archive:
        archive.writestr("journal.txt", text)
        for name, content in files:
            archive.writestr(name, content)
    return out.getvalue()


async def journal_zip(here: Here, password: str | None) -> bytes:
    t = here.t
    parts, files, left = [], [], []
    size = 0
    for stored in await here.repo.entries(here.person):
        kept = await here.files.repo.of_entry(here.person, stored.number)
        parts.append(as_text(entry_text(t, stored, kept)))
        for index, item in enumerate(kept, 1):
            content = await here.files.repo.content(here.person, item.id)
            name = f"files/{stored.number:03d}-{index:02d}-{item.kind}.{EXTENSIONS[item.kind]}"
            if content is not None and size + len(content) <= UPLOAD_MAX:
                files.append((name, content))
                size += len(content)
            else:
                left.append(file_line(t, stored, index, item))
    head = as_text(t("journal-export-head"))
    tail = [as_text(t("journal-export-left")), *left] if left else []
    text = "\n\n".join([head, *parts, *tail]) + "\n"
    return await asyncio.to_thread(build_zip, text, files, password)


def file_line(t: Translator, stored: StoredEntry, index: int, item: Attachment) -> str:
    return f"№{stored.number}, {index}: {as_text(t(KINDS[item.kind]))}"


async def on_export(query: CallbackQuery, to: JournalScreen, here: Here) -> None:
    t = here.t
    back: list[Row] = [[button(t("journal-btn-back"), JournalGo(to=JournalScreen.OVERVIEW))]]
    if to == JournalScreen.EXPORT:
        rows: list[Row] = [[button(t("journal-btn-export-plain"),
                                   JournalGo(to=JournalScreen.EXPORT_PLAIN))],
                           [button(t("journal-btn-export-password"),
                                   JournalGo(to=JournalScreen.EXPORT_PASSWORD))], *back]
        await show(query, t("journal-export-warning"), keyboards.screen(t, rows))
    elif to == JournalScreen.EXPORT_PASSWORD:
        screen = await show_here(query, t("journal-export-ask-password", low=PASSWORD_MIN,
                                          high=PASSWORD_MAX), keyboards.screen(t, back))
        newest = max([screen, *await here.chat_log.deletable(here.person)])
        await here.state.set_state(Journal.password)
        await here.state.update_data({JOURNAL_PASSWORD_KEY: [int(time.time()), newest, screen]})
    else:
        await send_zip(here, None)
        await show(query, t("journal-export-sent"), keyboards.screen(t, back))


async def send_zip(here: Here, password: str | None) -> None:
    data = await journal_zip(here, password)
    name = "journal-protected.zip" if password else "journal.zip"
    await here.bot.send_document(here.person, BufferedInputFile(data, name), protect_content=True,
                                 caption=str(here.t("journal-export-caption")))


async def on_password(message: Message, here: Here) -> None:
    """The export's password, typed: deleted at once, used once, never kept. A command is
    not a password: it ends the wait and goes on."""
    t, words = here.t, (message.text or "").strip()
    kept = (await here.state.get_data()).get(JOURNAL_PASSWORD_KEY)
    since, last, screen = kept if isinstance(kept, list) and len(kept) == 3 else (0, 0, 0)
    if words.startswith("/") or not message.text or not answers_prompt(
            int(since), int(last), message.message_id,
            await here.chat_log.deletable(message.chat.id), int(time.time())):
        await here.state.set_state(None)  # not the password: the routers after this one take it
        raise SkipHandler
    deleted = await delete_typed(here.bot, message)
    back: list[Row] = [[button(t("journal-btn-back"), JournalGo(to=JournalScreen.OVERVIEW))]]
    if not PASSWORD_MIN <= len(words) <= PASSWORD_MAX:  # asked again, on the same screen
        screen = await show_on(here.bot, message.chat.id, int(screen), t(
            "journal-export-password-bad", low=PASSWORD_MIN, high=PASSWORD_MAX),
            keyboards.screen(t, back))
        await here.state.update_data({JOURNAL_PASSWORD_KEY: [
            int(since), max(int(last), message.message_id, screen), screen]})
        return
    await here.state.set_state(None)
    await here.state.update_data({JOURNAL_PASSWORD_KEY: None})
    await send_zip(here, words)
    note = None if deleted else t("journal-not-deleted")
    await message.answer(str(t("journal-export-sent-password")) + (f"\n{note}" if note else ""),
                         reply_markup=keyboards.screen(t, back))
