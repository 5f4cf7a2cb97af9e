"""The directory of help for NGO admins (the tree filters this branch to ADMIN_IDS in private
chats): /directory_export sends the list as it is now, /directory_template an empty file with
one example row, /directory_import takes a file back (as the command's caption, or the next
document after the command).

An import is all or nothing: every row is checked first; any problem, and the admin gets the
first ten (line, column, what to fix) and nothing changes. Otherwise the whole directory is
replaced, with this update's commit. The file format is docs/DIRECTORY.md.
"""

from __future__ import annotations

import io
import logging
from datetime import datetime
from importlib import resources

import aiohttp
from aiogram import Bot, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, Document, Message

from bot.kit.i18n import Translator
from dialogs.clock import ALMATY
from dialogs.directory import ERROR_IDS, Problem, decode, parse_bytes, to_bytes, write_csv
from storage.directory import DirectoryRepo

log = logging.getLogger(__name__)

# For bot/commands.py's ADMIN_COMMANDS (shown in the admins' chats only).
COMMANDS = {"directory_export": "cmd-directory-export",
            "directory_import": "cmd-directory-import",
            "directory_template": "cmd-directory-template"}
MAX_BYTES = 1024 * 1024  # a directory of 2,000 rows is about 600 KB
PROBLEMS_SHOWN = 10
SPREADSHEETS = (".xlsx", ".xls", ".ods", ".numbers")


class DirectoryImport(StatesGroup):
    file = State()  # /directory_import was sent without a file: the next document is it


def problem_line(t: Translator, problem: Problem) -> str:
    what = t(ERROR_IDS[problem.code], value=problem.value)
    if problem.column:
        return f"• {t('dir-error-at', number=problem.line, name=problem.column)}: {what}"
    if problem.line:
        return f"• {t('dir-error-line', number=problem.line)}: {what}"
    return f"• {what}"


def problems_text(t: Translator, problems: tuple[Problem, ...]) -> str:
    lines = [str(t("dir-import-failed"))]
    lines += [problem_line(t, p) for p in problems[:PROBLEMS_SHOWN]]
    if len(problems) > PROBLEMS_SHOWN:
        lines.append(str(t("dir-import-more", count=len(problems) - PROBLEMS_SHOWN)))
    return "\n".join(lines)


async def on_export(message: Message, t: Translator, directory: DirectoryRepo) -> None:
    entries = await directory.all()
    day = datetime.now(ALMATY).strftime("%Y-%m-%d")
    data = to_bytes(write_csv(entries))
    await message.answer_document(BufferedInputFile(data, f"directory-{day}.csv"),
                                  caption=t("dir-export-caption", count=len(entries)))


async def on_template(message: Message, t: Translator) -> None:
    raw = (resources.files("texts") / "directory" / "template.csv").read_bytes()
    data = to_bytes(decode(raw) or "")  # with the mark that makes Excel read UTF-8
    await message.answer_document(BufferedInputFile(data, "directory-template.csv"),
                                  caption=t("dir-template-caption"))


async def on_import(message: Message, t: Translator, state: FSMContext, bot: Bot,
                    directory: DirectoryRepo) -> None:
    if message.document is not None:
        await take_file(message, message.document, t, state, bot, directory)
        return
    await state.set_state(DirectoryImport.file)
    await message.answer(t("dir-import-ask"))


async def on_file(message: Message, t: Translator, state: FSMContext, bot: Bot,
                  directory: DirectoryRepo) -> None:
    if message.document is not None:
        await take_file(message, message.document, t, state, bot, directory)
        return
    if (message.text or "").startswith("/"):  # another command: this import is given up
        await state.set_state(None)
        raise SkipHandler
    await message.answer(t("dir-import-not-file"))


async def take_file(message: Message, document: Document, t: Translator, state: FSMContext,
                    bot: Bot, directory: DirectoryRepo) -> None:
    """Check the whole file; replace the directory only when every row is right."""
    await state.set_state(DirectoryImport.file)  # a file with problems: send it again
    name = (document.file_name or "").lower()
    if name.endswith(SPREADSHEETS):
        await message.answer(t("dir-import-spreadsheet"))
        return
    if (document.file_size or 0) > MAX_BYTES:
        await message.answer(t("dir-import-too-big", number=MAX_BYTES // 1024))
        return
    buffer = io.BytesIO()
    try:
        await bot.download(document, destination=buffer)
    except (TimeoutError, TelegramAPIError, aiohttp.ClientError) as exc:
        log.warning("directory: the file could not be downloaded (%s)", exc)
        await message.answer(t("dir-import-download-failed"))
        return
    data = buffer.getvalue()
    if len(data) > MAX_BYTES:
        await message.answer(t("dir-import-too-big", number=MAX_BYTES // 1024))
        return
    parsed = parse_bytes(data)
    if not parsed.ok:
        log.info("directory: an import was refused (%d problems)", len(parsed.problems))
        await message.answer(problems_text(t, parsed.problems))
        return
    await directory.replace_all(parsed.entries)
    await state.set_state(None)
    log.info("directory: %d entries imported", len(parsed.entries))
    done = t("dir-import-done", count=len(parsed.entries))
    if parsed.comments:
        done = f"{done}\n{t('dir-import-comments', count=parsed.comments)}"
    await message.answer(done)


def make_router() -> Router:
    router = Router(name="admin-directory")
    router.message.register(on_export, Command("directory_export"))
    router.message.register(on_template, Command("directory_template"))
    router.message.register(on_import, Command("directory_import"))
    router.message.register(on_file, StateFilter(DirectoryImport.file))
    return router
