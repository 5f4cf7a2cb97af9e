"""The case desk: what routers ask of the handoff, in one place.

Everything for the defenders' group, and every relayed reply to the person, goes through the
outbound queue (kind "case", ref the case id, meta saying what the row is for), so nothing is
lost to a crash or to the group's limit of about 20 messages a minute, and a chat's messages
keep their order. The person's Telegram identity never reaches the group: their messages are
copied, and the summary holds only what they confirmed.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from aiogram.methods import CopyMessages, SendMessage, SetMessageReaction, TelegramMethod
from aiogram.types import Message, MessageId, ReactionTypeEmoji

from bot.content import LegalContent
from bot.handoff import relay
from bot.handoff.buttons import case_buttons
from bot.i18n import Translations, Translator
from bot.render import Templates
from bot.settings import Settings
from bot.ui import hours as hours_ui
from bot.workers.outbound import OutboundQueue
from dialogs.fit import fit
from dialogs.handoff import CaseSummary
from storage.cases import IN, OUT, Case, CasesRepo
from storage.db import Statement, now
from storage.outbox import Outgoing

log = logging.getLogger(__name__)
SUMMARY_LIMIT = 3500  # characters: room for the preview's note or the status lines
KIND = "case"
LANGUAGE_NAMES = {"kk": "қазақша", "ru": "русский", "en": "English"}
ALBUM_WAIT = 1.5  # seconds to collect an album's parts, which arrive as separate updates


@dataclass
class DefendersChat:
    """The defenders' group; its id changes if Telegram migrates the group."""

    chat_id: int | None

    def __call__(self) -> int | None:
        return self.chat_id


def meta(role: str, **values: Any) -> str:
    return json.dumps({"role": role, **values}, separators=(",", ":"))


def message_ids(result: Any) -> list[int]:
    items = result if isinstance(result, list) else [result]
    return [i.message_id for i in items if isinstance(i, Message | MessageId)]


class CaseDesk:
    def __init__(self, settings: Settings, cases: CasesRepo, queue: OutboundQueue,
                 translations: Translations, templates: Templates, content: LegalContent,
                 chat: DefendersChat) -> None:
        self.settings = settings
        self.cases = cases
        self.queue = queue
        self.translations = translations
        self.templates = templates
        self.content = content
        self.chat = chat
        self.t_defenders = translations.get(settings.defenders_language)
        self.hours = settings.working_hours()  # None: DEFENDERS_HOURS unset, none announced
        queue.on_outcome(KIND, self.on_outcome)

    @property
    def available(self) -> bool:
        """Whether cases can be opened: the defenders' group is configured."""
        return self.chat() is not None

    def t_person(self, case: Case) -> Translator:
        return self.translations.get(case.summary.get("locale"))

    # -- the summary -------------------------------------------------------------------------
    def summary_text(self, summary: CaseSummary, t: Translator, case_id: int | None = None,
                     ) -> str:
        """The summary as the reader of `t` sees it: the person in the preview (case_id None),
        the defenders in the topic. The same facts in both."""
        edition, guidance, locale = self.content.assessment, self.content.guidance, t.locale
        kinds = [{"title": k.title.get(locale), "steps": k.summary.get(locale)}
                 for kind_id in summary.kinds if (k := guidance.kind_by_id(kind_id))]

        def render(detail: bool) -> str:
            return self.templates.render(
                "case_summary.html.j2", t=t, summary=summary, case_id=case_id, detail=detail,
                language=LANGUAGE_NAMES.get(summary.locale, summary.locale),
                region=t(f"region-{summary.region}"),
                blocks={b.id: b.title.get(locale) for b in edition.blocks},
                # a third party's check asked about "this person": its unsure questions so
                questions={c.id: (c.question_other if summary.third_party and c.question_other
                                  else c.question).get(locale) for c in edition.criteria},
                kinds=kinds,
            )

        # the unsure questions and each kind's steps go when the whole would not fit one
        # message with the preview's note or the topic's status line around it
        return fit(render, SUMMARY_LIMIT)

    async def status_text(self, case: Case) -> str:
        """The summary with a line on where the case stands, for the topic."""
        t = self.t_defenders
        if not case.summary:  # the person erased their data: nothing of it is left to show
            return str(t("case-erased-by-person", case=case.id))
        text = self.summary_text(CaseSummary.from_data(case.summary), t, case.id)
        if case.blocked:
            text = f"{text}\n\n{t('case-status-blocked')}"
        if case.state == "taken" and case.defender_id is not None:
            name = await self.cases.display_name(case.defender_id) or t("case-defender")
            return f"{text}\n\n{t('case-status-taken', name=name)}"
        if case.state == "closed":
            return f"{text}\n\n{t('case-status-closed')}"
        return text

    def _summary_message(self, chat_id: int, case_id: int, summary: CaseSummary,
                         state: str = "new", blocked: bool = False) -> TelegramMethod[Any]:
        """The summary for the case's topic, with the buttons its state allows."""
        return SendMessage(chat_id=chat_id,
                           text=self.summary_text(summary, self.t_defenders, case_id),
                           reply_markup=case_buttons(self.t_defenders, case_id, state, blocked))

    def _summary_row(self, chat_id: int, case_id: int, summary: CaseSummary) -> Statement:
        return self.queue.statement(self._summary_message(chat_id, case_id, summary),
                                    kind=KIND, ref=str(case_id), meta=meta("summary"))

    # -- opening and closing -----------------------------------------------------------------
    async def open_case(self, origin: int, user_id: int, summary: CaseSummary) -> int:
        """Open a case (the person confirmed the summary) and queue its summary for the
        defenders, in one transaction. `origin` is the update id of the confirmation: handling
        it again after a crash returns the same case instead of a second one."""
        chat_id = self.chat()
        if chat_id is None:
            raise RuntimeError("the defenders' group is not configured")
        at = now()

        def rows(case_id: int) -> list[Statement]:
            out = [self._summary_row(chat_id, case_id, summary)]
            closed = hours_ui.opened_closed(self.t_defenders, self.hours, at, case_id)
            if closed is not None:  # the topic hears when the person was told to expect it
                out.append(self.queue.statement(SendMessage(chat_id=chat_id, text=closed),
                                                 kind=KIND, ref=str(case_id),
                                                 meta=meta("notice")))
            return out

        case_id, _ = await self.cases.open(origin, user_id, summary.to_data(), summary.urgent,
                                           rows)
        self.queue.wake()
        return case_id

    def remind_minutes(self, urgent: bool) -> int:
        """After this long unclaimed a case is announced again, and its person told once."""
        return self.settings.case_remind_urgent_minutes if urgent else \
            self.settings.case_remind_minutes

    def sent_note(self, t: Translator, urgent: bool, at: int | None = None) -> str | None:
        """Under "your request is sent": the hours, and when it will be seen."""
        return hours_ui.sent(t, self.hours, now() if at is None else at,
                             self.remind_minutes(urgent))

    def schedule_note(self, t: Translator, at: int | None = None) -> str | None:
        """The hours, and whether the defenders are at work now (talk and intake screens)."""
        return hours_ui.schedule(t, self.hours, now() if at is None else at)

    async def repost_summary(self, case: Case) -> None:
        """The summary again, e.g. in a topic made anew after a defender deleted the old one."""
        chat_id = self.chat()
        if chat_id is not None:
            summary = CaseSummary.from_data(case.summary)
            await self.queue.enqueue(self._summary_message(chat_id, case.id, summary,
                                                           case.state, case.blocked), kind=KIND,
                                     ref=str(case.id), meta=meta("summary"))

    async def open_case_of(self, user_id: int) -> Case | None:
        return await self.cases.open_case_of(user_id)

    async def close_by_person(self, case: Case) -> None:
        """The person closed their case: the topic is told, without details."""
        await self.cases.close(case.id, "person")
        await self.notice(case, "case-closed-by-person")

    async def forget(self, user_id: int) -> None:
        """The person erases their data: their open cases close, the topics are told."""
        for case in await self.cases.forget(user_id):
            await self.notice(case, "case-erased-by-person")

    async def person_blocked(self, user_id: int) -> None:
        case = await self.cases.open_case_of(user_id)
        if case is not None:
            await self.notice(case, "case-person-blocked")

    # -- blocking the person ------------------------------------------------------------------
    async def blocked(self, user_id: int) -> Case | None:
        """The person's blocked case: while there is one, nothing passes either way and no
        new case opens."""
        return await self.cases.block_of(user_id)

    async def block(self, case: Case, defender_id: int, name: str) -> None:
        """A defender blocks the person of `case`; the topic is told who did, and how it is
        lifted. The person is told when they next write (bot/routers/private/relay.py)."""
        await self.cases.block(case.id, defender_id)
        await self.notice(case, "case-blocked-by", name=name)

    async def unblock(self, case: Case, admin_id: int) -> None:
        """An NGO admin lifts the block; the person hears it only if they were told of it."""
        await self.cases.unblock(case.id, admin_id)
        await self.notice(case, "case-unblocked")
        if case.block_told:
            await self.tell_person(case, "case-unblocked-person", blocked_too=True)

    # -- notices -------------------------------------------------------------------------------
    async def notice(self, case: Case, msg_id: str, **args: Any) -> None:
        """A notice from the bot in the case's topic, in the defenders' language."""
        chat_id = self.chat()
        if chat_id is None:
            return
        text = self.t_defenders(msg_id, case=case.id, **args)
        await self.queue.enqueue(SendMessage(chat_id=chat_id, text=text), kind=KIND,
                                 ref=str(case.id), meta=meta("notice"))

    async def tell_person(self, case: Case, msg_id: str, *, blocked_too: bool = False,
                          ) -> None:
        """A message from the bot to the person about their case, in their language (none to a
        blocked person, unless it is about the block)."""
        if case.user_id is None:
            return
        if not blocked_too and await self.cases.block_of(case.user_id) is not None:
            return
        text = self.t_person(case)(msg_id, case=case.id)
        await self.queue.enqueue(SendMessage(chat_id=case.user_id, text=text), kind=KIND,
                                 ref=str(case.id), meta=meta("person-notice"))

    # -- the relay -----------------------------------------------------------------------------
    async def relay_in(self, message: Message, case: Case) -> None:
        """What the person sent, copied into their case's topic."""
        chat_id = self.chat()
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
                                 kind=KIND, ref=str(case.id),
                                 meta=meta("relay", person=[message.message_id]))

    async def _relay_album_part(self, message: Message, case: Case, chat_id: int) -> None:
        """An album's parts arrive one update each: the first queues copyMessages a moment
        later, the next ones join that row while it waits, so the album stays one album."""
        group = message.media_group_id
        for row in await self.queue.repo.queued(KIND, str(case.id)):
            info = json.loads(row.meta or "{}")
            if info.get("role") == "relay" and info.get("album") == group:
                people = [*info["person"], message.message_id]
                payload = json.loads(row.payload)
                payload["message_ids"] = sorted(people)
                await self.queue.repo.replace_payload(
                    row.id, json.dumps(payload), meta("relay", person=sorted(people),
                                                      album=group))
                return
        method = CopyMessages(chat_id=chat_id, from_chat_id=message.chat.id,
                              message_ids=[message.message_id])
        await self.queue.enqueue(method, kind=KIND, ref=str(case.id), delay=ALBUM_WAIT,
                                 meta=meta("relay", person=[message.message_id], album=group))

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
        signature = await self.signature(case, defender_id)
        methods = relay.signed_to_person(message, case.user_id, signature, reply_in_chat, text,
                                         cut)
        for n, method in enumerate(methods, start=1):
            await self.queue.enqueue(method, kind=KIND, ref=str(case.id),
                                     meta=meta("reply", topic=message.message_id,
                                               last=n == len(methods)))

    async def edit_in(self, message: Message, case: Case) -> None:
        """The person edited a message already relayed: the copy follows, or a marked copy of
        the new version is sent when the copy cannot be edited that way."""
        chat_id = self.chat()
        copy_id = await self.cases.in_topic(case.id, message.message_id)
        if chat_id is None or copy_id is None:
            return
        edit = relay.edited_copy(message, chat_id, copy_id)
        if edit is not None:
            await self.queue.enqueue(edit, kind=KIND, ref=str(case.id), meta=meta("edit"))
            return
        await self.notice(case, "case-person-edited")
        await self.queue.enqueue(relay.copy_to_topic(message, chat_id, copy_id), kind=KIND,
                                 ref=str(case.id), meta=meta("relay", person=[]))

    async def edit_out(self, message: Message, case: Case, defender_id: int) -> None:
        """A defender edited a reply already sent: the person's copy follows."""
        found = await self.cases.in_person_chat(case.id, message.message_id)
        if case.user_id is None or found is None or found[1] != OUT:
            return
        if await self.cases.block_of(case.user_id) is not None:
            await self.notice(case, "case-blocked-no-reply")
            return
        edit = relay.edited_copy(message, case.user_id, found[0],
                                 await self.signature(case, defender_id))
        if edit is not None:
            await self.queue.enqueue(edit, kind=KIND, ref=str(case.id), meta=meta("edit"))

    # -- outcomes of the queued rows -----------------------------------------------------------
    async def on_outcome(self, row: Outgoing, reason: str, result: Any) -> None:
        info = json.loads(row.meta or "{}")
        role = info.get("role")
        case = await self.cases.get(int(row.ref or 0))
        if case is None:
            return
        if reason == "sent":
            await self._delivered(case, role, info, result)
        elif role == "reply":
            msg_id = {"blocked": "case-not-delivered-blocked",
                      "chat_not_found": "case-person-gone"}.get(reason, "case-not-delivered")
            await self.notice(case, msg_id)
        elif row.chat_id == self.chat() and role == "relay" and reason == "rejected":
            # the person's message went before it was copied (a quick exit): nothing to pass on
            log.warning("a relayed message of case %d could not be copied (%s)", case.id,
                        reason)
        elif row.chat_id == self.chat() and role in ("summary", "relay"):
            log.error("defenders' group unreachable or misconfigured (%s): case %d is kept and"
                      " will be announced again", reason, case.id)
            if role == "summary":
                await self.tell_person(case, "case-help-delayed")

    async def _delivered(self, case: Case, role: str | None, info: dict[str, Any],
                         result: Any) -> None:
        if role == "relay":
            for person_id, copy_id in zip(info.get("person", []), message_ids(result),
                                          strict=False):
                await self.cases.map(case.id, person_id, copy_id, IN)
        elif role == "reply":
            for copy_id in message_ids(result):
                await self.cases.map(case.id, copy_id, int(info["topic"]), OUT)
            chat_id = self.chat()
            if chat_id is not None and info.get("last", True):  # 👍: the person got it
                await self.queue.enqueue(
                    SetMessageReaction(chat_id=chat_id, message_id=int(info["topic"]),
                                       reaction=[ReactionTypeEmoji(emoji="👍")]),
                    kind=KIND, ref=str(case.id), meta=meta("react"))

    # -- reminders -----------------------------------------------------------------------------
    async def remind_unclaimed(self) -> int:
        """Announce again, in the group's general topic, cases nobody has taken."""
        chat_id = self.chat()
        if chat_id is None:
            return 0
        at = now()
        cases = await self.cases.unclaimed(
            at - self.settings.case_remind_minutes * 60,
            at - self.settings.case_remind_urgent_minutes * 60)
        cases = [c for c in cases if not c.blocked]  # nobody is to take up a blocked case
        t = self.t_defenders
        for case in cases:
            if case.topic_id is None and not await self.queue.repo.queued(KIND, str(case.id)):
                await self.repost_summary(case)  # its summary never arrived: try again
            msg_id = "case-reminder-urgent" if case.urgent else "case-reminder"
            await self.queue.enqueue(
                SendMessage(chat_id=chat_id, text=t(msg_id, case=case.id,
                                                    link=topic_link(chat_id, case.topic_id))),
                kind=KIND, ref=str(case.id), meta=meta("general"))
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
            if self.hours is not None:
                since = int(self.hours.next_opening(since) or since)
            if case.user_id is None or at < since + self.remind_minutes(case.urgent) * 60:
                continue
            rows = [self.cases.told_wait(case.id)]
            if await self.cases.block_of(case.user_id) is None:
                text = hours_ui.unclaimed(self.t_person(case), self.hours, at, case.id)
                rows.append(self.queue.statement(
                    SendMessage(chat_id=case.user_id, text=text), kind=KIND,
                    ref=str(case.id), meta=meta("person-notice")))
                told += 1
            await self.cases.db.run(rows)
        if told:
            self.queue.wake()
        return told


def topic_link(chat_id: int, topic_id: int | None) -> str:
    """A link that opens the topic for members of the group."""
    internal = str(chat_id).removeprefix("-100")
    return f"https://t.me/c/{internal}/{topic_id}" if topic_id else ""
