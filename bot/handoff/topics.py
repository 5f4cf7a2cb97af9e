"""Each case's forum topic in the defenders' group, made when its first message is sent.

The outbound worker asks `prepare` for the thread of every row bound for the group, so the topic
is created lazily and in order (a chat's rows go one at a time): two quick first messages never
open two topics, and none is opened before the person confirmed. `repair` answers the group's
own failures: a topic a defender deleted is made anew (with the summary posted again), a closed
one is reopened, and a group Telegram migrated to a new id is followed there.
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramMigrateToChat
from aiogram.methods import (
    CopyMessage,
    CopyMessages,
    ForwardMessage,
    SendAnimation,
    SendAudio,
    SendDocument,
    SendMessage,
    SendPhoto,
    SendVideo,
    SendVideoNote,
    SendVoice,
    TelegramMethod,
)

from bot.handoff.desk import CaseDesk
from bot.handoff.organisations import save_move
from bot.handoff.purposes import STREAM, General, Relayed, Summary
from bot.handoff.transfer import AFTER_SUMMARY_MS
from bot.pipeline.purpose import Purpose
from storage.cases import Case
from storage.db import Database, now_ms
from storage.outbox import OutboxRepo, Outgoing

log = logging.getLogger(__name__)
TOPIC_NAME_LIMIT = 128
RED, BLUE = 0xFB6F5F, 0x6FB9F0  # two of the icon colours Telegram allows
# What a row for the group places in its case's topic (a journal's shared files among them);
# anything else (an edit, a reaction, closing or deleting a topic) names its own place.
PLACED_IN_TOPIC = (SendMessage, CopyMessage, CopyMessages, ForwardMessage, SendPhoto, SendVideo,
                   SendVoice, SendVideoNote, SendAudio, SendDocument, SendAnimation)


class CaseGone(Exception):
    """The row's case no longer exists."""


class CaseMoved(Exception):
    """The row's case went to another group after the row was read (tried again)."""


class Topics:
    def __init__(self, bot: Bot, desk: CaseDesk, db: Database) -> None:
        self.bot = bot
        self.desk = desk
        self.db = db
        # The case stream's rows bound for the group go into their topic, made anew if gone.
        desk.queue.on_prepare(STREAM, self.prepare)
        desk.queue.on_error(STREAM, self.repair)

    def topic_name(self, case: Case) -> str:
        t = self.desk.t_defenders
        region = t(f"region-{case.summary['region']}")
        name = f"#{case.id} · {region}" + (" · 🚨" if case.urgent else "")
        return name[:TOPIC_NAME_LIMIT]

    async def prepare(self, row: Outgoing, purpose: Purpose, method: TelegramMethod[Any],
                      ) -> TelegramMethod[Any]:
        """Put a row bound for a group into its case's topic (making the topic first)."""
        chat_id = row.chat_id
        if not self.desk.orgs.is_group(chat_id) or not isinstance(method, PLACED_IN_TOPIC):
            return method  # to the person, an edit, a reaction, a topic's own: no thread to choose
        if isinstance(purpose, General):
            return method  # a reminder in the group's general topic
        if getattr(method, "message_thread_id", None):
            return method  # placed when queued: the topic of a case that left this group
        case = await self.desk.cases.get(int(row.ref or 0))
        if case is None:
            raise CaseGone(row.ref)
        owner = self.desk.orgs.owner(chat_id)
        if owner is not None and owner.key != case.org:  # the case went to another group
            await self._follow_case(row, purpose, case)
            raise CaseMoved(row.ref)
        current = self.desk.chat_of(case)
        if current is not None and current != chat_id:  # the group moved meanwhile: follow it
            chat_id = current
        topic = case.topic_id or await self._create(case, chat_id)
        return method.model_copy(update={"message_thread_id": topic, "chat_id": chat_id})

    async def _follow_case(self, row: Outgoing, purpose: Purpose, case: Case) -> None:
        """A row read for a group the case has left (bot/handoff/transfer.py: the one that was
        next when the case moved): the person's message follows the case; anything else was for
        the old topic and goes. Either way the row is read again or not at all."""
        new_chat = self.desk.chat_of(case)
        if isinstance(purpose, Relayed) and new_chat is not None:
            await self.desk.queue.repo.redirect([row.id], new_chat,
                                                now_ms() + AFTER_SUMMARY_MS)
        else:
            await self.desk.queue.repo.drop([row.id])

    async def _create(self, case: Case, chat_id: int) -> int:
        topic = await self.bot.create_forum_topic(
            chat_id, self.topic_name(case), icon_color=RED if case.urgent else BLUE)
        await self.desk.cases.set_topic(case.id, topic.message_thread_id)
        return topic.message_thread_id

    async def repair(self, row: Outgoing, purpose: Purpose, exc: Exception) -> bool:
        if isinstance(exc, TelegramMigrateToChat):
            await self.follow_migration(row.chat_id, exc.migrate_to_chat_id)
            return True
        if not isinstance(exc, TelegramBadRequest) or not self.desk.orgs.is_group(row.chat_id):
            return False
        problem = exc.message.lower()
        case = await self.desk.cases.get(int(row.ref or 0))
        if case is None or case.topic_id is None or row.chat_id != self.desk.chat_of(case):
            return False
        if "thread not found" in problem:  # a defender deleted the topic: make it anew
            log.warning("case %d: its topic was deleted; making a new one", case.id)
            await self.desk.cases.set_topic(case.id, None)
            if not isinstance(purpose, Summary):
                await self.desk.repost_summary(case)
            return True
        if "topic_closed" in problem:
            await self.bot.reopen_forum_topic(row.chat_id, case.topic_id)
            return True
        return False

    async def follow_migration(self, old_chat_id: int, new_chat_id: int) -> None:
        """The group became a supergroup with a new id: use it from now on, for what is queued
        too, and remember it across restarts."""
        if not self.desk.orgs.moved(old_chat_id, new_chat_id):
            return
        moved = await OutboxRepo(self.db).move_chat(old_chat_id, new_chat_id)
        await save_move(self.db, old_chat_id, new_chat_id)
        log.warning("a defenders' group moved to a new id (%d queued messages follow it); "
                    "set its id in DEFENDERS_CHAT_ID or ORGANISATIONS_FILE to the new one",
                    moved)

