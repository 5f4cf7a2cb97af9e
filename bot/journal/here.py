"""What the journal's handlers share: their context (`Here`), where the next screen goes
(`Target`), and showing the journal's screens (a field's step waits for its answer)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import InlineKeyboardMarkup
from markupsafe import Markup

from bot.journal.files import Attachments
from bot.journal.screens import (
    WAITED,
    date_prompt_keyboard,
    date_prompt_text,
    draft_keyboard,
    draft_text,
    overview_keyboard,
    overview_text,
    step_keyboard,
    step_text,
)
from bot.journal.states import Draft, Journal, Wait, keep_draft, load_draft, start_waiting, waiting
from bot.kit.i18n import Translations, Translator
from bot.kit.screens import Screens
from bot.kit.show import Event, show, show_here, show_on
from bot.kit.topics import CaseTopics
from dialogs import journal as rules
from dialogs.journal import Field
from storage.chat_log import ChatLogRepo
from storage.db import now
from storage.journal import JournalRepo
from storage.journal_files import Attachment
from storage.journal_locks import JournalLocksRepo


@dataclass
class Here:
    """What every handler needs: the person's journal, dialog and texts."""

    t: Translator
    repo: JournalRepo
    person: int
    state: FSMContext
    raw_state: str | None
    screens: Screens
    chat_log: ChatLogRepo
    bot: Bot
    files: Attachments
    locks: JournalLocksRepo
    desk: CaseTopics | None  # the defenders' desk (bot.handoff), to share entries into a topic
    translations: Translations  # a draft document may be in another language than the screens

    @classmethod
    def of(cls, data: dict[str, Any]) -> Here:
        """The handlers' `here` (bot.kit.context.bundle), from the update's data."""
        screens = data["screens"]
        return cls(screens.t, data["journal_entries"], data["event_from_user"].id, data["state"],
                   data.get("raw_state"), screens, data["chat_log"], data["bot"],
                   data["journal_files"], data["journal_locks"], data.get("desk"),
                   data["translations"])

    async def draft_files(self, draft: Draft) -> list[Attachment]:
        """The attachments a draft's entry will have: its entry's (when editing) and its own."""
        kept = await self.files.repo.of_entry(self.person, draft.number) if draft.number else []
        return [*kept, *await self.files.repo.of_draft(self.person, draft.token)]


class Target:
    """Where the next screen goes: the pressed message, or the prompt's message after a typed
    answer (which has no pressed message)."""

    def __init__(self, event: Event | None, chat_id: int = 0, screen: int = 0) -> None:
        self.event, self.chat_id, self.screen = event, chat_id, screen

    async def put(self, here: Here, text: str, markup: InlineKeyboardMarkup) -> int:
        if self.event is not None:
            return await show_here(self.event, text, markup)
        return await show_on(here.bot, self.chat_id, self.screen, text, markup)


# -- screens ------------------------------------------------------------------------------------
async def show_overview(event: Event, here: Here, note: str | None = None) -> None:
    count = await here.repo.count(here.person)
    draft = await load_draft(here.state)
    locked = (await here.locks.state(here.person)).set
    await show(event, overview_text(here.t, count, note, locked),
               overview_keyboard(here.t, count, draft, locked))


async def show_draft(target: Target, here: Here, draft: Draft,
                     note: Markup | str | None = None) -> None:
    await keep_draft(here.state, draft)
    files = len(await here.draft_files(draft))
    await target.put(here, draft_text(here.t, draft, files, note),
                     draft_keyboard(here.t, draft, files))


async def show_step(target: Target, here: Here, draft: Draft, field: Field,
                    problem: Markup | None = None) -> None:
    """A field's screen; for a typed field or attachments, the prompt, and the wait."""
    await keep_draft(here.state, draft)
    files, used = 0, 0
    if field == Field.MEDIA:
        files = len(await here.draft_files(draft))
        used, _ = await here.files.repo.usage(here.person)
    screen = await target.put(here, step_text(here.t, draft, field, problem, files, used),
                              step_keyboard(here.t, draft, field))
    if field in WAITED:
        await wait_for(here, field, screen)


async def ask_date(target: Target, here: Here, problem: Markup | None = None) -> None:
    screen = await target.put(here, date_prompt_text(here.t, problem), date_prompt_keyboard(here.t))
    await wait_for(here, Field.WHEN, screen)


async def wait_for(here: Here, field: Field, screen: int) -> None:
    wait = await waiting(here.state, here.raw_state)
    resume = wait.resume if wait is not None else here.raw_state
    if resume == Journal.typing.state:  # a wait whose data is gone: nothing to go back to
        resume = None
    newest = max([screen, *await here.chat_log.deletable(here.person)])
    await start_waiting(here.state, Wait(field, screen, newest, now(), resume))
    here.raw_state = Journal.typing.state


async def advance(target: Target, here: Here, draft: Draft, field: Field,
                  note: Markup | None = None) -> None:
    """After an answer: the next step of a guided entry, else the whole draft."""
    draft = replace(draft, day=None)
    following = rules.next_step(field) if draft.guided else None
    if following is None:
        await show_draft(target, here, replace(draft, guided=False), note)
    else:
        await show_step(target, here, draft, following, note)
