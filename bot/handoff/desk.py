"""The case desk: what routers ask of the handoff, in one place.

Everything for the defenders' group, and every relayed reply to the person, goes through the
outbound queue (kind "case", ref the case id, meta saying what the row is for), so nothing is
lost to a crash or to the group's limit of about 20 messages a minute, and a chat's messages
keep their order. The person's Telegram identity never reaches the group: their messages are
copied, and the summary holds only what they confirmed.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from aiogram.methods import (
    DeleteForumTopic,
    EditMessageText,
    SendMessage,
    TelegramMethod,
)
from aiogram.methods.pin_chat_message import PinChatMessage

from bot.handoff.buttons import case_buttons
from bot.handoff.desk_base import (
    HOWTO,
    LANGUAGE_NAMES,
    SUMMARY_LIMIT,
    message_ids,
    summary_question,
    unasked,
    with_sound,
)
from bot.handoff.desk_outcomes import Outcomes
from bot.handoff.desk_relay import Relaying
from bot.handoff.organisations import Organisations
from bot.handoff.purposes import (
    PLAIN,
    STREAM,
    Edit,
    Erase,
    General,
    Howto,
    PersonNotice,
    Pin,
    Relayed,
    Reply,
    Summary,
    TopicNotice,
)
from bot.kit import hours as hours_ui
from bot.kit.content import LegalContent
from bot.kit.i18n import Translations, Translator
from bot.kit.render import Templates
from bot.pipeline.outbound import OutboundQueue
from bot.pipeline.purpose import Purpose
from bot.settings import Settings
from dialogs.contact import wait_for_window
from dialogs.fit import fit
from dialogs.handoff import CaseSummary
from dialogs.organisations import Organisation
from dialogs.working_hours import KZ_TIME, WorkingHours
from storage.case_notes import CaseNotesRepo
from storage.cases import Case, CasesRepo
from storage.contact import Contact, ContactRepo
from storage.db import Statement, now
from storage.former_topics import FormerTopicsRepo

log = logging.getLogger(__name__)
NOTE_SHOWN = 300  # characters of the latest note on the summary (all of it: /note)


def day_time(at: int) -> str:
    """When a note was written, as defenders in Kazakhstan read a clock (UTC+5)."""
    return datetime.fromtimestamp(at, KZ_TIME).strftime("%d.%m %H:%M")


class CaseDesk(Relaying, Outcomes):
    def __init__(self, settings: Settings, cases: CasesRepo, queue: OutboundQueue,
                 translations: Translations, templates: Templates, content: LegalContent,
                 orgs: Organisations) -> None:
        self.settings = settings
        self.cases = cases
        self.queue = queue
        self.translations = translations
        self.templates = templates
        self.content = content
        self.orgs = orgs
        self.contact = ContactRepo(cases.db)
        self.notes = CaseNotesRepo(cases.db)
        self.former_topics = FormerTopicsRepo(cases.db)
        self.t_defenders = translations.get(settings.defenders_language)
        queue.register(Summary, on_outcome=self.summary_outcome)
        queue.register(Relayed, on_outcome=self.relayed_outcome)
        queue.register(Reply, on_outcome=self.reply_outcome)
        queue.register(Pin, on_outcome=self.pin_outcome)
        queue.register(Howto, on_outcome=self.howto_outcome)
        queue.register(*PLAIN)

    @property
    def available(self) -> bool:
        """Whether cases can be opened: some organisation's group is configured."""
        return self.orgs.available

    @property
    def hours(self) -> WorkingHours | None:
        """The hours told before a person's place is known: those every organisation keeps
        (with different hours, each request's organisation tells its own in the preview)."""
        kept = {o.hours for o in self.orgs.all}
        return kept.pop() if len(kept) == 1 else None

    @property
    def transferable(self) -> bool:
        """Whether a case could go to another organisation (there are several)."""
        return len(self.orgs.all) > 1

    async def route(self, place: str, locale: str) -> Organisation | None:
        """The organisation that would read a request from `place` in `locale` now."""
        return self.orgs.route(place, locale, now(), await self.cases.untaken())

    def t_person(self, case: Case) -> Translator:
        return self.translations.get(case.summary.get("locale"))

    # -- the summary -------------------------------------------------------------------------
    def summary_text(self, summary: CaseSummary, t: Translator, case_id: int | None = None,
                     ) -> str:
        """The summary as the reader of `t` sees it: the person in the preview (case_id None),
        the defenders in the topic. The same facts in both."""
        edition, guidance, locale = self.content.assessment, self.content.guidance, t.locale
        # the kinds by name only: their descriptions speak to the person ("…hits you"), and the
        # defenders know the kinds
        kinds = [k.title.get(locale) for kind_id in summary.kinds
                 if (k := guidance.kind_by_id(kind_id))]

        def render(detail: bool) -> str:
            return self.templates.render(
                "case_summary.html.j2", t=t, summary=summary, case_id=case_id, detail=detail,
                language=LANGUAGE_NAMES.get(summary.locale, summary.locale),
                region=t(f"region-{summary.region}"),
                blocks={b.id: b.title.get(locale) for b in edition.blocks},
                questions={c.id: summary_question(c, summary.third_party).get(locale)
                           for c in edition.criteria},
                kinds=kinds,
            )

        # the unsure questions go when the whole would not fit one
        # message with the preview's note or the topic's status line around it
        return fit(render, SUMMARY_LIMIT)

    async def status_text(self, case: Case) -> str:
        """The summary with a line on where the case stands, for the topic."""
        t = self.t_defenders
        if not case.summary:  # the person erased their data: nothing of it is left to show
            return str(t("case-erased-by-person", case=case.id))
        text = self.summary_text(CaseSummary.from_data(case.summary), t, case.id)
        for note in await self.notes.latest(case.id):  # the latest, for whoever looks next
            name = await self.cases.display_name(note.defender_id) or t("case-defender")
            body = note.body if len(note.body) <= NOTE_SHOWN else f"{note.body[:NOTE_SHOWN]}…"
            latest = t("case-note-latest", name=name, when=day_time(note.at), note=body)
            text = f"{text}\n\n{latest}"
        if case.blocked:
            text = f"{text}\n\n{t('case-status-blocked')}"
        if case.state == "taken" and case.defender_id is not None:
            name = await self.cases.display_name(case.defender_id) or t("case-defender")
            return f"{text}\n\n{t('case-status-taken', name=name)}"
        if case.state == "closed":
            return f"{text}\n\n{t('case-status-closed')}"
        return text

    def summary_message(self, chat_id: int, case_id: int, summary: CaseSummary,
                         state: str = "new", blocked: bool = False) -> TelegramMethod[Any]:
        """The summary for the case's topic, with the buttons its state allows."""
        return SendMessage(chat_id=chat_id,
                           text=self.summary_text(summary, self.t_defenders, case_id),
                           reply_markup=case_buttons(self.t_defenders, case_id, state, blocked,
                                                     transfer=self.transferable))

    def _summary_row(self, chat_id: int, case_id: int, summary: CaseSummary) -> Statement:
        return self.queue.statement(self.summary_message(chat_id, case_id, summary),
                                    Summary(), ref=str(case_id))

    def howto_message(self, chat_id: int) -> TelegramMethod[Any]:
        """How to answer the person, the topic's message right after the summary: nothing
        else in a topic says that only a reply or /send reaches them (bot/handoff/guide.py)."""
        return SendMessage(chat_id=chat_id, text=self.t_defenders(HOWTO))

    async def _pin_howto(self, case: Case, result: Any) -> None:
        """The how-to, delivered, is pinned: it then stays at the top of the topic however long
        the conversation grows. Silently: members need no notification for it."""
        chat_id = self.chat_of(case)
        for message_id in message_ids(result)[:1]:
            if chat_id is not None:
                await self.queue.enqueue(
                    PinChatMessage(chat_id=chat_id, message_id=message_id,
                                   disable_notification=True),
                    Pin(), ref=str(case.id))

    # -- opening and closing -----------------------------------------------------------------
    async def open_case(self, origin: int, user_id: int, summary: CaseSummary,
                        org: Organisation | None = None) -> int:
        """Open a case (the person confirmed the summary) for the organisation `org` (None: the
        only one) and queue its summary for that organisation's group, in one transaction.
        `origin` is the update id of the confirmation: handling it again after a crash returns
        the same case instead of a second one."""
        org = org or self.orgs.single
        chat_id = self.orgs.chat(org.key) if org is not None else None
        if org is None or chat_id is None:
            raise RuntimeError("the organisation is not configured")
        at = now()

        def rows(case_id: int) -> list[Statement]:
            out = [self._summary_row(chat_id, case_id, summary),
                   self.queue.statement(self.howto_message(chat_id), Howto(), ref=str(case_id))]
            closed = hours_ui.opened_closed(self.t_defenders, org.hours, at, case_id)
            if closed is not None:  # the topic hears when the person was told to expect it
                out.append(self.queue.statement(SendMessage(chat_id=chat_id, text=closed),
                                                 TopicNotice(), ref=str(case_id)))
            return out

        case_id, _ = await self.cases.open(origin, user_id, summary.to_data(), summary.urgent,
                                           rows, org.key)
        self.queue.wake()
        return case_id

    def remind_minutes(self, urgent: bool) -> int:
        """After this long unclaimed a case is announced again, and its person told once."""
        return self.settings.case_remind_urgent_minutes if urgent else \
            self.settings.case_remind_minutes

    def sent_note(self, t: Translator, urgent: bool, hours: WorkingHours | None,
                  at: int | None = None) -> str | None:
        """Under "your request is sent": the organisation's hours, and when it will be seen."""
        return hours_ui.sent(t, hours, now() if at is None else at, self.remind_minutes(urgent))

    def schedule_note(self, t: Translator, hours: WorkingHours | None = None,
                      at: int | None = None) -> str | None:
        """The hours, and whether the defenders are at work now (talk and intake screens):
        `hours`, else those told before a place is known."""
        return hours_ui.schedule(t, hours or self.hours, now() if at is None else at)

    async def show_note(self, case: Case) -> None:
        """The summary in the topic, edited in place to show the latest note."""
        chat_id, message_id = self.chat_of(case), await self.cases.summary_message(case.id)
        if chat_id is None or message_id is None:
            return
        await self.queue.enqueue(EditMessageText(
            chat_id=chat_id, message_id=message_id, text=await self.status_text(case),
            reply_markup=case_buttons(self.t_defenders, case.id, case.state, case.blocked,
                                      transfer=self.transferable)), Edit(), ref=str(case.id))

    async def repost_summary(self, case: Case) -> None:
        """The summary again, e.g. in a topic made anew after a defender deleted the old one."""
        chat_id = self.chat_of(case)
        if chat_id is not None:
            summary = CaseSummary.from_data(case.summary)
            await self.queue.enqueue(self.summary_message(chat_id, case.id, summary,
                                                           case.state, case.blocked),
                                     Summary(), ref=str(case.id))
            await self.queue.enqueue(self.howto_message(chat_id), Howto(), ref=str(case.id))

    async def open_case_of(self, user_id: int) -> Case | None:
        return await self.cases.open_case_of(user_id)

    async def close_by_person(self, case: Case) -> None:
        """The person closed their case: the topic is told, without details."""
        await self.cases.close(case.id, "person")
        await self.notice(case, "case-closed-by-person")

    async def forget(self, user_id: int) -> None:
        """The person erases their data: their cases close and each case's topic is deleted
        with everything in it; one line without details stays in General for the record."""
        for case in await self.cases.of_person(user_id, limit=1000):
            await self.erase_topic(case, "case-record-erased")
        await self.cases.forget(user_id)

    # -- erasure in the group ---------------------------------------------------------------
    async def erase_topic(self, case: Case, record_id: str) -> None:
        """The case's topic goes, with every message in it (deleteForumTopic: the summary, the
        copies of what the person sent, the replies); what was still queued for it is not
        posted. One line without details stays in the General topic, for the NGO's record:
        the case number, who took it, how many days it was open. The topics it had in groups
        it left (bot/handoff/transfer.py) go too."""
        chat_id, former = self.chat_of(case), await self.former_topics.of(case.id)
        await self.queue.repo.cancel(STREAM, str(case.id))
        for group, topic in former:
            await self.queue.enqueue(DeleteForumTopic(chat_id=group, message_thread_id=topic),
                                     Erase(), ref=str(case.id))
        await self.former_topics.erased(case.id)
        if chat_id is None:
            return
        if case.topic_id is not None:
            await self.queue.enqueue(DeleteForumTopic(chat_id=chat_id,
                                                      message_thread_id=case.topic_id),
                                     Erase(), ref=str(case.id))
            await self.cases.topic_erased(case.id)
        t = self.t_defenders
        name = await self.cases.display_name(case.defender_id) if case.defender_id else None
        taken = t("case-record-taken", name=name or t("case-defender")) \
            if case.defender_id else t("case-record-untaken")
        days = case.days_open(now())
        await self.queue.enqueue(
            SendMessage(chat_id=chat_id, text=t(record_id, case=case.id, taken=taken,
                                                days=days,
                                                keep=self.settings.case_retention_days)),
            General(), ref=str(case.id))

    async def erase_expired(self) -> int:
        """Before the retention purge deletes cases closed CASE_RETENTION_DAYS ago: their
        topics go too. Returns how many."""
        cases = await self.cases.closed_before(now() - self.settings.case_retention_days * 86400)
        for case in cases:
            await self.erase_topic(case, "case-record-expired")
        return len(cases)

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
        lifted. The person is told when they next write (bot/handoff/conversation.py)."""
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
        chat_id = self.chat_of(case)
        if chat_id is None:
            return
        text = self.t_defenders(msg_id, case=case.id, **args)
        await self.queue.enqueue(SendMessage(chat_id=chat_id, text=text), TopicNotice(),
                                 ref=str(case.id))

    async def into_topic(self, case: Case, method: TelegramMethod[Any]) -> None:
        """Anything bound for the case's topic (bot.kit.topics: the journal's shared entries
        and their files), in order with the rest of the topic's messages."""
        await self.queue.enqueue(method, TopicNotice(), ref=str(case.id))

    async def tell_person(self, case: Case, msg_id: str, *, blocked_too: bool = False,
                          ) -> None:
        """A message from the bot to the person about their case, in their language (none to a
        blocked person, unless it is about the block)."""
        if case.user_id is None:
            return
        if not blocked_too and await self.cases.block_of(case.user_id) is not None:
            return
        t = self.t_person(case)
        await self.to_person(case, SendMessage(
            chat_id=case.user_id, text=unasked(t, t(msg_id, case=case.id))), PersonNotice())

    # -- reaching the person: silence, safe hours, pauses (issue #23) --------------------------
    async def to_person(self, case: Case, method: TelegramMethod[Any], purpose: Purpose,
                        contact: Contact | None = None) -> None:
        """Queue a message the person did not just ask for: silent unless they chose sound
        (bot/pipeline/middlewares/discretion.py makes it silent by default), held until their safe
        hours open, and held while their contact is paused (the outbox skips their chat)."""
        assert case.user_id is not None
        contact = contact or await self.contact.get(case.user_id)
        await self.queue.enqueue(with_sound(method, contact), purpose, ref=str(case.id),
                                 delay=wait_for_window(now(), contact.safe_hours))

    async def pause_contact(self, chat_id: int, by: str) -> None:
        """A quick exit, or "not now" on a defender's message: nothing queued for the person
        goes until they say it is safe; the topic of their open case hears it at once."""
        if not await self.contact.pause(chat_id, by):
            return
        case = await self.cases.open_case_of(chat_id)
        if case is not None:
            await self.notice(case, "case-contact-paused-exit" if by == "exit"
                              else "case-contact-paused-not-now")

    async def resume_contact(self, chat_id: int, *, drop: bool) -> int:
        """The person is back and says it is safe: what waits goes now, in order (or, `drop`,
        is deleted unsent). The topic hears which. Returns how many were waiting."""
        waiting = await (self.contact.drop_held(chat_id) if drop else self.contact.held(chat_id))
        await self.contact.resume(chat_id)
        case = await self.cases.open_case_of(chat_id)
        if case is not None:
            await self.notice(case, "case-contact-dropped" if drop and waiting
                              else "case-contact-resumed", count=waiting)
        self.queue.wake_after_commit()
        return waiting
