"""Attachments as the person sends them: taken for the draft (on record at once, deleted from
the chat, downloaded later: bot/journal/files.py) and sent back on request."""

from __future__ import annotations

from dataclasses import replace

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from markupsafe import Markup

from bot.journal.files import send_file
from bot.journal.here import Here, Target, show_step
from bot.journal.screens import lines, problem_text
from bot.journal.states import Draft
from bot.kit import keyboards
from bot.kit.show import delete_typed
from dialogs import journal as rules
from dialogs.journal import MEDIA_KINDS, TYPED, Field
from storage.journal_files import Attachment


def attachment_of(message: Message) -> tuple[str, str, str, int | None] | None:
    """(kind, file id, unique id, size) of the file a message carries, or None."""
    if message.photo:
        largest = message.photo[-1]
        return "photo", largest.file_id, largest.file_unique_id, largest.file_size
    for kind in MEDIA_KINDS:
        item = getattr(message, kind, None)
        if item is not None and hasattr(item, "file_id"):
            return kind, item.file_id, item.file_unique_id, item.file_size
    return None


async def take_attachment(message: Message, here: Here, draft: Draft, target: Target) -> None:
    """A file for the entry: on record at once, then deleted from the chat (the download
    follows in the background); anything else is asked again."""
    t = here.t
    found = attachment_of(message)
    problem: Markup | None = None
    if found is None:
        problem = problem_text(t, rules.Problem.NOT_MEDIA, Field.MEDIA)
        if message.text and not await delete_typed(here.bot, message):
            problem = lines(problem, t("journal-not-deleted"))
    else:
        kind, file_id, unique_id, size = found
        used, _ = await here.files.repo.usage(here.person)
        refused = rules.media_problem(size, used, len(await here.draft_files(draft)))
        if refused is not None:  # not taken: the file stays in the chat, and we say so
            problem = lines(problem_text(t, refused, Field.MEDIA), t("journal-file-left"))
        else:
            await here.files.record(here.person, draft.token, kind, file_id, unique_id,
                                    size or 0)
            draft = with_caption(draft, message.caption)
            if not await delete_typed(here.bot, message):
                problem = t("journal-not-deleted")
    await show_step(target, here, draft, Field.MEDIA, problem)


def with_caption(draft: Draft, caption: str | None) -> Draft:
    """A caption is the person's words: kept with what happened, not lost with the message."""
    words = (caption or "").strip()
    if not words:
        return draft
    what = f"{draft.entry.what}\n{words}" if draft.entry.what else words
    if len(what) > TYPED[Field.WHAT]:
        return draft
    return replace(draft, entry=draft.entry.with_value(Field.WHAT, what))


async def send_back(query: CallbackQuery, here: Here, files: list[Attachment]) -> None:
    """The entry's attachments, sent into the chat because the person asked (protected from
    forwarding; the chat log keeps their ids, so a quick exit deletes them): by Telegram's
    file id, or from the kept copy when Telegram no longer has it."""
    t, chat_id = here.t, here.person
    sent = 0
    for item in files:
        try:
            await here.bot(send_file(item.kind, chat_id, item.file_id, protect_content=True))
            sent += 1
            continue
        except TelegramBadRequest:
            pass
        content = await here.files.repo.content(here.person, item.id)
        if content is not None:
            copy = BufferedInputFile(content, f"{item.kind}-{item.id}")
            await here.bot(send_file(item.kind, chat_id, copy, protect_content=True))
            sent += 1
    await here.bot.send_message(chat_id, str(t("journal-files-sent", count=sent)),
                                reply_markup=keyboards.screen(t, []))
