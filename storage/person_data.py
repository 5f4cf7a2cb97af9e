"""What is stored about one person, gathered for /mydata: a plain record, no texts.

It reads the same rows /forget deletes (storage.people.PeopleRepo.forget): the chosen language
and the mark that the trace tips were shown, the news subscription, the dialog in the person's
private chat, their cases, their journal's entries, the ids kept for quick exit (and the mark
that older messages are left), the relay map. Sealed values are opened here; nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dialogs import red_flags
from dialogs.intake import Draft
from dialogs.questionnaire import Progress
from storage import unit as uow
from storage.cases import Case, CasesRepo
from storage.chat_log import DELETABLE_FOR
from storage.engine import Database, now
from storage.fsm import Dialogs
from storage.subscriptions import Subscription, SubscriptionsRepo

CASES_SHOWN = 10  # the newest; older ones are counted


@dataclass(frozen=True)
class DialogData:
    """The dialog kept for the person's private chat: its state and what its data holds."""

    state: str | None  # aiogram's raw state, such as "Assessment:answering"
    assessment_answers: int | None  # answers of the pre-assessment kept (None: none kept)
    intake_answers: int | None  # answers of a request being filled in (None: none)
    red_flag: bool = False  # a yes to a red-flag question is on record (dialogs.red_flags)
    red_flags_answers: int | None = None  # answers of a red-flags round under way (None: none)
    # the answers kept are about someone else the person is worried about (/someone)
    about_other: bool = False


@dataclass(frozen=True)
class PersonData:
    user_id: int
    locale: str | None  # the language they chose (None: never chose one)
    subscription: Subscription | None
    dialog: DialogData | None  # None: no dialog row
    cases: list[Case] = field(default_factory=list)  # newest first, at most CASES_SHOWN
    more_cases: int = 0  # older cases not in `cases`
    message_ids: int = 0  # ids of messages in their chat, kept for quick exit
    message_ids_hours: int = DELETABLE_FOR // 3600
    relay_links: int = 0  # pairs of message ids between their chat and their cases' topics
    safety_plan_at: int | None = None  # when their safety plan was last changed (if any)
    journal_entries: int = 0  # entries of their evidence journal (sealed)
    journal_files: int = 0  # files attached to the journal's entries and drafts (sealed)
    trace_tips: bool = False  # the "keep this chat hidden" tips were shown on first contact
    older_messages: bool = False  # marked: messages older than 48 h, no longer deletable

    @property
    def open_case(self) -> Case | None:
        return next((c for c in self.cases if c.open), None)

    @property
    def nothing(self) -> bool:
        """Nothing but the ids of messages (which every chat with the bot has for 48 hours)."""
        return (self.locale is None and self.subscription is None and self.dialog is None
                and not self.cases and not self.relay_links and self.safety_plan_at is None
                and not self.journal_entries and not self.journal_files)


def dialog_data(state: str | None, data: Mapping[str, Any]) -> DialogData | None:
    """What a dialog row holds, counted; None when it holds nothing."""
    kept = data.get("assessment")
    progress = Progress.from_data(kept) if isinstance(kept, dict) else None
    assessment = len(progress.answers) if progress is not None else None
    intake, about_other = None, progress is not None and progress.other
    if isinstance(data.get("handoff"), Mapping):
        draft = Draft.from_data(data)
        answers, about_other = draft.intake, about_other or draft.third_party
        intake = sum(v is not None for v in (answers.region, answers.children,
                                             answers.danger_now, answers.phone,
                                             answers.description))
    flag, flags = red_flags.urgent_from(data), red_flags.answers_kept(data)
    if state is None and assessment is None and intake is None and not flag and flags is None:
        return None  # no dialog under way, and nothing in it that answers anything
    return DialogData(state, assessment, intake, flag, flags, about_other)


async def gather(db: Database, dialogs: Dialogs, user_id: int) -> PersonData:
    """Everything stored about `user_id`, with this update's own writes committed first."""
    await uow.read_your_writes()
    keyed = db.sealer.keyed_id(user_id)  # how the rows name the person (storage.ids)
    row = await db.fetchone("SELECT locale, trace_tips FROM people WHERE user_id = ?", (keyed,))
    locale, trace_tips = (row[0], bool(row[1])) if row else (None, False)
    subscription = await SubscriptionsRepo(db).get(user_id)
    # The person's own chat (a private chat's id is the person's id), in the database or Redis.
    found = await dialogs.private_dialog(user_id)
    dialog = dialog_data(*found) if found else None
    cases = await CasesRepo(db).of_person(user_id, CASES_SHOWN)
    counted = await db.fetchone(
        "SELECT (SELECT COUNT(*) FROM cases WHERE user_id = ?),"
        " (SELECT COUNT(*) FROM chat_messages WHERE chat_id = ?),"
        " (SELECT COUNT(*) FROM relay_map WHERE case_id IN"
        "   (SELECT id FROM cases WHERE user_id = ?)),"
        " (SELECT COUNT(*) FROM chat_undeletable WHERE chat_id = ?)"
        "  + (SELECT COUNT(*) FROM chat_messages WHERE chat_id = ? AND sent_at <= ?)",
        (keyed, keyed, keyed, keyed, keyed, now() - DELETABLE_FOR + 60))
    total, message_ids, links, older = counted if counted else (0, 0, 0, 0)
    plan = await db.fetchone("SELECT updated_at FROM safety_plans WHERE user_id = ?", (keyed,))
    journal = await db.fetchone("SELECT (SELECT COUNT(*) FROM journal_entries WHERE user_id = ?),"
                                " (SELECT COUNT(*) FROM journal_files WHERE user_id = ?)",
                                (keyed, keyed))
    return PersonData(user_id=user_id, locale=locale, subscription=subscription, dialog=dialog,
                      cases=cases, more_cases=max(0, int(total) - len(cases)),
                      message_ids=int(message_ids), relay_links=int(links),
                      safety_plan_at=int(plan[0]) if plan else None,
                      journal_entries=int(journal[0]) if journal else 0,
                      journal_files=int(journal[1]) if journal else 0,
                      trace_tips=trace_tips, older_messages=bool(older))
