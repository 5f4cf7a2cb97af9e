"""Retention: delete what the bot no longer needs to keep."""

from __future__ import annotations

from storage.cases import CasesRepo
from storage.chat_log import ChatLogRepo
from storage.engine import Database
from storage.fsm import Dialogs
from storage.inbox import InboxRepo
from storage.journal_files import JournalFilesRepo
from storage.outbox import OutboxRepo


async def purge(db: Database, dialogs: Dialogs, dialog_days: int, case_days: int,
                ) -> dict[str, int]:
    """Returns how many rows were deleted, by kind."""
    return {
        "closed cases": await CasesRepo(db).purge_closed(case_days),
        "message ids": await ChatLogRepo(db).purge_expired(),
        "dialogs": await dialogs.purge_untouched(dialog_days),
        "unreadable updates": await InboxRepo(db).purge_rejected(),
        "webhook update ids": await InboxRepo(db).purge_seen(),
        "finished sends": await OutboxRepo(db).purge_finished(),
        "journal files of drafts gone": await JournalFilesRepo(db).purge_drafts(dialog_days),
    }
