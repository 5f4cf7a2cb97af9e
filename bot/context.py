"""What the composition root adds to every update in a chat with a dialog state, through the
context middleware (bot.pipeline.middlewares.context), which knows no feature:

- `journey`: the questionnaire under way (bot.assessment), read at most once per update;
- `screens`: the shared screens (bot.kit.screens) in the person's language, with that journey
  (the menu's "continue" button) and whether a social defender can be reached, and when (the
  case desk of bot.handoff, from the dispatcher's data).

And, once per process, each feature's small context of what lasts (`feature_contexts`): the
place where one feature's service reaches another through the interface the other declares.
"""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext

from bot.assessment.journey import Journey
from bot.broadcast.service import Broadcasts
from bot.handoff.desk import CaseDesk
from bot.journal.files import Attachments
from bot.kit.content import LegalContent
from bot.kit.i18n import Translator
from bot.kit.render import Templates
from bot.kit.screens import Screens
from bot.pipeline.middlewares.context import InDialog
from bot.privacy.router import Records
from bot.safety.leaving import Leaving
from bot.start.router import Languages
from storage.chat_log import ChatLogRepo
from storage.db import Database
from storage.directory import DirectoryRepo
from storage.journal import JournalRepo
from storage.journal_files import JournalFilesRepo
from storage.journal_locks import JournalLocksRepo
from storage.people import PeopleRepo
from storage.safety_plans import SafetyPlansRepo


def in_dialog(content: LegalContent, templates: Templates) -> InDialog:
    async def add(data: dict[str, Any], state: FSMContext, t: Translator) -> None:
        journey = await Journey.load(state, data.get("raw_state"), content.assessment.id)
        data["journey"] = journey
        desk = data.get("desk")  # the case desk (bot.handoff), from the dispatcher's data
        available = bool(desk is not None and desk.available)
        data["screens"] = Screens(t, content, templates, journey, defenders=available,
                                  hours=desk.hours if available else None)
    return add


def feature_contexts(db: Database, people: PeopleRepo, chat_log: ChatLogRepo, desk: CaseDesk,
                     broadcasts: Broadcasts, templates: Templates) -> dict[str, object]:
    """The dispatcher's data for the features' handlers, besides the shared services."""
    subscriptions = broadcasts.subscriptions
    return {
        "subscriptions": subscriptions,  # news (bot.news), languages, quick exit, a block
        "directory": DirectoryRepo(db),  # bot.directory
        "plans": SafetyPlansRepo(db),  # bot.safety_plan
        "journal_entries": JournalRepo(db),  # bot.journal
        "journal_files": Attachments(JournalFilesRepo(db)),  # bot.journal: run by bot.app
        "journal_locks": JournalLocksRepo(db),  # bot.journal.lock: before plan, /mydata too
        "leaving": Leaving(desk, subscriptions, chat_log, people),  # bot.safety
        "records": Records(db, people, templates, desk),  # bot.privacy
        "languages": Languages(people, subscriptions, broadcasts.translations),  # bot.start
    }
