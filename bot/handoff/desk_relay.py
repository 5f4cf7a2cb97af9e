"""The case desk's relay both ways: the person's messages and albums into the topic, the
defenders' replies out, edits both ways (a part of `CaseDesk`, bot/handoff/desk.py)."""

from __future__ import annotations

import logging

from aiogram.methods import (
    CopyMessages,
)
from aiogram.types import Message

from bot.handoff import contact_screens as contact_ui
from bot.handoff import relay
from bot.handoff.desk_base import ALBUM_WAIT, DeskParts, unasked
from bot.handoff.purposes import STREAM, Edit, Relayed, Reply
from dialogs.contact import wait_for_window
from storage.cases import OUT, Case
from storage.db import now

log = logging.getLogger(__name__)


class Relaying(DeskParts):

    # -- the relay -----------------------------------------------------------------------------
    async def relay_in(self, message: Message, case: Case) -> None:
        """What the person sent, copied into their case's topic."""
        chat_id = self.chat_of(case)
        if chat_id is None:
            return
        if not case.open:
            await self.cases.reopen(case.id)
            await self.notice(case, "case-reopened-by-person")
        if message.content_type not in relay.COPYABLE:  # said on both sides, never lost silently
            await self.notice(case, "case-not-copyable")
            await self.tell_person(case, "case-not-copyable-person")
            return
        if message.media_group_id:
            await self._relay_album_part(message, case, chat_id)
            return
        reply_in_topic = None
        if message.reply_to_message is not None:
            reply_in_topic = await self.cases.in_topic(case.id,
                                                       message.reply_to_message.message_id)
        await self.queue.enqueue(relay.copy_to_topic(message, chat_id, reply_in_topic),
                                 Relayed(person=(message.message_id,)), ref=str(case.id))

    async def _relay_album_part(self, message: Message, case: Case, chat_id: int) -> None:
        """An album's parts arrive one update each: the first queues copyMessages a moment
        later, the next ones join that row while it waits, so the album stays one album."""
        group = message.media_group_id
        for queued in await self.queue.queued(STREAM, str(case.id)):
            if isinstance(queued.purpose, Relayed) and queued.purpose.album == group:
                people = tuple(sorted((*queued.purpose.person, message.message_id)))
                await self.queue.amend(
                    queued, CopyMessages(chat_id=queued.row.chat_id,
                                         from_chat_id=message.chat.id, message_ids=list(people)),
                    Relayed(person=people, album=group))
                return
        method = CopyMessages(chat_id=chat_id, from_chat_id=message.chat.id,
                              message_ids=[message.message_id])
        await self.queue.enqueue(method, Relayed(person=(message.message_id,), album=group),
                                 ref=str(case.id), delay=ALBUM_WAIT)

    async def signature(self, case: Case, defender_id: int) -> str:
        name = await self.cases.display_name(defender_id)
        return f"👤 {name or self.t_person(case)('case-defender')}:"

    async def relay_out(self, message: Message, case: Case, defender_id: int,
                        text: str | None = None, cut: int = 0) -> None:
        """A defender's reply (or /send), signed and copied to the person."""
        if case.user_id is None:
            await self.notice(case, "case-person-gone")
            return
        if not case.open:
            await self.notice(case, "case-is-closed")
            return
        if await self.cases.block_of(case.user_id) is not None:
            await self.notice(case, "case-blocked-no-reply")
            return
        reply_in_chat = None
        replied = message.reply_to_message
        if replied is not None:
            found = await self.cases.in_person_chat(case.id, replied.message_id)
            reply_in_chat = found[0] if found else None
        t = self.t_person(case)
        signature = unasked(t, await self.signature(case, defender_id))
        methods = relay.signed_to_person(message, case.user_id, signature, reply_in_chat, text,
                                         cut, contact_ui.not_now(t))
        contact = await self.contact.get(case.user_id)
        for n, method in enumerate(methods, start=1):
            await self.to_person(case, method,
                                 Reply(topic=message.message_id, last=n == len(methods)),
                                 contact)
        if contact.paused and not contact.held_told:  # the defender sees it waits, once a pause
            await self.contact.told_held(case.user_id)
            await self.notice(case, "case-contact-held")
        elif not contact.paused and contact.safe_hours and \
                wait_for_window(now(), contact.safe_hours):
            await self.notice(case, "case-contact-later")

    async def edit_in(self, message: Message, case: Case) -> None:
        """The person edited a message already relayed: the copy follows, or a marked copy of
        the new version is sent when the copy cannot be edited that way."""
        chat_id = self.chat_of(case)
        copy_id = await self.cases.in_topic(case.id, message.message_id)
        if chat_id is None or copy_id is None:
            return
        edit = relay.edited_copy(message, chat_id, copy_id)
        if edit is not None:
            await self.queue.enqueue(edit, Edit(), ref=str(case.id))
            return
        await self.notice(case, "case-person-edited")
        await self.queue.enqueue(relay.copy_to_topic(message, chat_id, copy_id), Relayed(),
                                 ref=str(case.id))

    async def edit_out(self, message: Message, case: Case, defender_id: int) -> None:
        """A defender edited a reply already sent: the person's copy follows."""
        found = await self.cases.in_person_chat(case.id, message.message_id)
        if case.user_id is None or found is None or found[1] != OUT:
            return
        if await self.cases.block_of(case.user_id) is not None:
            await self.notice(case, "case-blocked-no-reply")
            return
        t = self.t_person(case)
        edit = relay.edited_copy(message, case.user_id, found[0],
                                 unasked(t, await self.signature(case, defender_id)),
                                 contact_ui.not_now(t))
        if edit is not None:
            await self.queue.enqueue(edit, Edit(), ref=str(case.id))
