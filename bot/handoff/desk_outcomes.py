"""The case desk's outcomes of queued rows and its reminders (a part of `CaseDesk`,
bot/handoff/desk.py)."""

from __future__ import annotations

import logging
from typing import Any

from aiogram.methods import (
    SendMessage,
    SetMessageReaction,
)
from aiogram.types import ReactionTypeEmoji

from bot.handoff.desk_base import (
    DeskParts,
    message_ids,
    topic_link,
    unasked,
    with_sound,
)
from bot.handoff.purposes import (
    STREAM,
    General,
    Howto,
    PersonNotice,
    Pin,
    React,
    Relayed,
    Reply,
    Summary,
)
from bot.kit import hours as hours_ui
from dialogs.contact import wait_for_window
from dialogs.loggable import Safe
from storage.cases import IN, OUT
from storage.db import now
from storage.outbox import Outgoing

log = logging.getLogger(__name__)


class Outcomes(DeskParts):

    # -- outcomes of the queued rows (bot/handoff/purposes.py) ---------------------------------
    async def summary_outcome(self, row: Outgoing, _: Summary, reason: str, result: Any,
                              ) -> None:
        case = await self.cases.get(int(row.ref or 0))
        if case is not None and reason == "sent" and self.in_its_group(case, row.chat_id):
            for message_id in message_ids(result)[:1]:  # edited in place when a note comes
                await self.cases.set_summary_message(case.id, message_id)
        if case is not None and reason != "sent" and self.in_its_group(case, row.chat_id):
            self._group_unreachable(case.id, reason)
            await self.tell_person(case, "case-help-delayed")

    async def relayed_outcome(self, row: Outgoing, relayed: Relayed, reason: str, result: Any,
                              ) -> None:
        case = await self.cases.get(int(row.ref or 0))
        if case is None:
            return
        if reason == "sent":
            for person_id, copy_id in zip(relayed.person, message_ids(result), strict=False):
                await self.cases.map(case.id, person_id, copy_id, IN)
        elif self.in_its_group(case, row.chat_id) and reason == "rejected":
            # the person's message went before it was copied (a quick exit): nothing to pass on
            log.warning("a relayed message of case %d could not be copied (%s)", case.id,
                        Safe(reason))
        elif self.in_its_group(case, row.chat_id):
            self._group_unreachable(case.id, reason)

    async def reply_outcome(self, row: Outgoing, reply: Reply, reason: str, result: Any,
                            ) -> None:
        case = await self.cases.get(int(row.ref or 0))
        if case is None:
            return
        if reason != "sent":
            msg_id = {"blocked": "case-not-delivered-blocked",
                      "chat_not_found": "case-person-gone"}.get(reason, "case-not-delivered")
            await self.notice(case, msg_id)
            return
        for copy_id in message_ids(result):
            await self.cases.map(case.id, copy_id, reply.topic, OUT)
        await self.cases.replied(case.id)
        chat_id = self.chat_of(case)
        if chat_id is not None and reply.last:  # 👍: the person got it
            await self.queue.enqueue(
                SetMessageReaction(chat_id=chat_id, message_id=reply.topic,
                                   reaction=[ReactionTypeEmoji(emoji="👍")]),
                React(), ref=str(case.id))

    async def howto_outcome(self, row: Outgoing, _: Howto, reason: str, result: Any) -> None:
        case = await self.cases.get(int(row.ref or 0))
        if case is not None and reason == "sent":
            await self._pin_howto(case, result)

    async def pin_outcome(self, row: Outgoing, _: Pin, reason: str, result: Any) -> None:
        if reason != "sent":  # the how-to stays in the topic, just not at its top
            log.warning("case %s: the how-to could not be pinned (%s); give the bot the right"
                        " to pin messages in the defenders' group", int(row.ref or 0),
                        Safe(reason))

    @staticmethod
    def _group_unreachable(case_id: int, reason: str) -> None:
        log.error("defenders' group unreachable or misconfigured (%s): case %d is kept and"
                  " will be announced again", Safe(reason), case_id)

    # -- reminders -----------------------------------------------------------------------------
    async def remind_unclaimed(self) -> int:
        """Announce again, in each group's general topic, cases nobody has taken there."""
        at = now()
        cases = await self.cases.unclaimed(
            at - self.settings.case_remind_minutes * 60,
            at - self.settings.case_remind_urgent_minutes * 60)
        cases = [c for c in cases if not c.blocked]  # nobody is to take up a blocked case
        t = self.t_defenders
        for case in cases:
            chat_id = self.chat_of(case)
            if chat_id is None:  # its organisation left the file: kept for when it is back
                continue
            if case.topic_id is None and not await self.queue.repo.queued(STREAM, str(case.id)):
                await self.repost_summary(case)  # its summary never arrived: try again
            msg_id = "case-reminder-urgent" if case.urgent else "case-reminder"
            await self.queue.enqueue(
                SendMessage(chat_id=chat_id, text=t(msg_id, case=case.id,
                                                    link=topic_link(chat_id, case.topic_id))),
                General(), ref=str(case.id))
            await self.cases.announced(case.id)
        await self.tell_waiting(at)
        return len(cases)

    async def tell_waiting(self, at: int) -> int:
        """Tell each person whose request nobody has taken, once, that it is so, when to
        expect an answer and the lines that answer at any hour. The wait counts from the
        request, or from the next opening when it came outside working hours (then they were
        told at once when it will be seen). Returns how many were told."""
        shortest = min(self.remind_minutes(True), self.remind_minutes(False))
        told = 0
        for case in await self.cases.waiting_untold(at - shortest * 60):
            since = case.created_at
            org = self.orgs.get(case.org)
            hours = org.hours if org is not None else None
            if hours is not None:
                since = int(hours.next_opening(since) or since)
            if case.user_id is None or at < since + self.remind_minutes(case.urgent) * 60:
                continue
            rows = [self.cases.told_wait(case.id)]
            if await self.cases.block_of(case.user_id) is None:
                t = self.t_person(case)
                text = hours_ui.unclaimed(t, hours, at, case.id)
                contact = await self.contact.get(case.user_id)
                rows.append(self.queue.statement(
                    with_sound(SendMessage(chat_id=case.user_id,
                                           text=unasked(t, text)), contact),
                    PersonNotice(), ref=str(case.id),
                    delay=wait_for_window(at, contact.safe_hours)))
                told += 1
            await self.cases.db.run(rows)
        if told:
            self.queue.wake()
        return told
