"""What the case desk's parts share: the neutral first line and the person's choice of sound,
links to topics (bot/handoff/desk.py)."""

from __future__ import annotations

import logging
from typing import Any

from aiogram.methods import (
    TelegramMethod,
)
from aiogram.types import Message, MessageId

from bot.handoff.organisations import Organisations
from bot.kit.content import LegalContent
from bot.kit.i18n import Translations, Translator
from bot.kit.render import Templates
from bot.pipeline.outbound import OutboundQueue
from bot.settings import Settings
from dialogs.legal import Criterion, Localized
from storage.cases import Case, CasesRepo
from storage.contact import Contact, ContactRepo

log = logging.getLogger(__name__)
SUMMARY_LIMIT = 3500  # characters: room for the preview's note or the status lines
LANGUAGE_NAMES = {"kk": "қазақша", "ru": "русский", "en": "English"}
ALBUM_WAIT = 1.5  # seconds to collect an album's parts, which arrive as separate updates
HOWTO = "case-howto"  # how to answer the person: after each summary, and /help in the group


class DeskParts:
    """What every part of the case desk (CaseDesk, Outcomes, Relaying) has: set by CaseDesk."""

    settings: Settings
    cases: CasesRepo
    queue: OutboundQueue
    translations: Translations
    templates: Templates
    content: LegalContent
    orgs: Organisations
    contact: ContactRepo
    t_defenders: Translator

    def chat_of(self, case: Case) -> int | None:
        """The group of the case's organisation as it is now (None: no longer configured)."""
        return self.orgs.chat(case.org)

    def in_its_group(self, case: Case, chat_id: int) -> bool:
        """Whether `chat_id` is (or was, before Telegram moved it) the case's group."""
        owner = self.orgs.owner(chat_id)
        return owner is not None and owner.key == case.org


def message_ids(result: Any) -> list[int]:
    items = result if isinstance(result, list) else [result]
    return [i.message_id for i in items if isinstance(i, Message | MessageId)]


def summary_question(criterion: Criterion, third_party: bool) -> Localized:
    """A criterion's question as the summary shows it: in the third person, since the summary is
    written for the defenders. The person's own preview shows the same words, because it shows
    exactly what the defenders will read. A third party's check asked about "this person" and
    keeps that wording; an edition without third-person questions falls back on the act's
    impersonal wording rather than on a question that says "you"."""
    if third_party and criterion.question_other is not None:
        return criterion.question_other
    return criterion.question_case or criterion.legal


def unasked(t: Translator, body: str) -> str:
    """A message the person did not just ask for: its first line, what a lock screen shows,
    is neutral ("💬 New message")."""
    return f"{t('contact-head')}\n{body}"


def with_sound(method: TelegramMethod[Any], contact: Contact) -> TelegramMethod[Any]:
    """The method as the person chose to hear it: with sound only if they asked for it."""
    if contact.sound and "disable_notification" in type(method).model_fields:
        return method.model_copy(update={"disable_notification": False})
    return method


def topic_link(chat_id: int, topic_id: int | None) -> str:
    """A link that opens the topic for members of the group."""
    internal = str(chat_id).removeprefix("-100")
    return f"https://t.me/c/{internal}/{topic_id}" if topic_id else ""
