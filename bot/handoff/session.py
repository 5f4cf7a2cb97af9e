"""One update of the intake, bundled (`here`): the state, the screens, the desk; showing a
step in place, the summary, leaving. The routers are bot/handoff/intake.py."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardRemove,
)

from bot.handoff import intake_screens as ui
from bot.handoff.desk import CaseDesk
from bot.handoff.states import Handoff
from bot.kit.i18n import Translator
from bot.kit.screens import Known, Screens
from bot.kit.show import Event, show_here, show_on
from dialogs import intake as flow
from dialogs import red_flags
from dialogs.handoff import CaseSummary, summarise
from dialogs.intake import Draft, Step
from dialogs.organisations import Organisation
from dialogs.questionnaire import ANSWERING, FINISHED, Progress, under_way

log = logging.getLogger(__name__)

STATES = {
    Step.REGION: Handoff.region, Step.CHILDREN: Handoff.children, Step.DANGER: Handoff.danger,
    Step.CONTACT: Handoff.contact, Step.PHONE: Handoff.phone,
    Step.DESCRIPTION: Handoff.description, Step.PREVIEW: Handoff.preview,
    Step.CHANGE: Handoff.change, Step.ORG: Handoff.org,
}
STEPS = {state.state: step for step, state in STATES.items()}
RESUMABLE = (ANSWERING, FINISHED)
DATA_KEYS = ("handoff", "handoff_nav")


def step_of(raw_state: str | None) -> Step | None:
    return STEPS.get(raw_state or "")


@dataclass
class Session:
    """What one update of the intake needs, so the steps below stay short."""

    state: FSMContext
    screens: Screens
    desk: CaseDesk
    bot: Bot
    chat_id: int
    raw_state: str | None = None  # the dialog state as the update found it

    @classmethod
    def of(cls, data: dict[str, Any]) -> Session:
        """The handlers' `here` (bot.kit.context.bundle), from the update's data."""
        return cls(data["state"], data["screens"], data["desk"], data["bot"],
                   data["event_from_user"].id, data.get("raw_state"))

    @property
    def t(self) -> Translator:
        return self.screens.t

    async def draft(self) -> tuple[dict[str, Any], Draft]:
        data = await self.state.get_data()
        return data, Draft.from_data(data)

    # -- showing a step ------------------------------------------------------------------
    async def show(self, event: Event, draft: Draft, step: Step,
                   reprompt: str | None = None) -> None:
        """Show `step` and make it the dialog's state; the preview only once every question
        has an answer (else the first question without one)."""
        if step == Step.PREVIEW and (gap := flow.missing(draft.intake)) is not None:
            step = gap
        if step != Step.PHONE:
            draft = await self.drop_keyboard(draft)
        t = self.t
        if step == Step.PREVIEW:
            draft = replace(draft, editing=False)
            data = await self.state.get_data()
            summary = self.summary(data, draft)
            org = await self.organisation(draft, summary)
            if org is None:  # no organisation serves the place: the lines that answer anyone
                draft = await self.place(event, replace(draft, org=None), str(t(
                    "case-intake-no-org", region=t(f"region-{summary.region}"))),
                    ui.no_org_keyboard(t))
            else:
                draft = replace(draft, org=org.key)
                note = ui.paragraphs(t("so-intake-preview-note") if summary.third_party
                                     else None, t("case-intake-preview-note"))
                several = self.desk.orgs.single is None
                schedule = self.desk.schedule_note(t, org.hours) if several else None
                text = ui.preview_text(self.desk.summary_text(summary, t),
                                       ui.danger_note(t, draft.intake, draft.third_party), note,
                                       ui.org_note(t, org, schedule) if several else None)
                others = len(self.desk.orgs.choices(summary.region)) > 1
                draft = await self.place(event, draft, text, ui.preview_keyboard(t, others))
        elif step == Step.ORG:
            choices = self.desk.orgs.choices(draft.intake.region or "")
            draft = await self.place(event, draft, str(t("case-intake-org-choose")),
                                     ui.org_keyboard(t, choices, draft.org))
        elif step == Step.CHANGE:
            text = ui.paragraphs(ui.danger_note(t, draft.intake, draft.third_party),
                                 t("case-intake-change"))
            draft = await self.place(event, draft, text, ui.change_keyboard(t))
        else:
            hours = self.desk.schedule_note(t) if step == Step.REGION else None
            text = ui.question_text(t, step, draft.intake, editing=draft.editing,
                                    reprompt=reprompt, hours=hours,
                                    third_party=draft.third_party)
            draft = await self.place(event, draft, text,
                                     ui.question_keyboard(t, step, draft.intake))
            if step == Step.PHONE and draft.keyboard is None:
                prompt = await self.bot.send_message(self.chat_id, t("case-intake-phone-button"),
                                                     reply_markup=ui.share_phone_keyboard(t))
                draft = replace(draft, keyboard=prompt.message_id)
        await self.state.set_state(STATES[step])
        await self.state.update_data(draft.to_data())

    async def place(self, event: Event, draft: Draft, text: str,
                    markup: InlineKeyboardMarkup) -> Draft:
        """Put the screen on the message it is on: the pressed one, or after a typed answer
        (deleted by then) the one kept in the draft, so the chat holds one intake screen."""
        if isinstance(event, Message) and draft.screen is not None:
            screen = await show_on(self.bot, self.chat_id, draft.screen, text, markup)
        else:
            screen = await show_here(event, text, markup)
        return replace(draft, screen=screen)

    async def drop_keyboard(self, draft: Draft, saved: str | None = None) -> Draft:
        """Take away the "share my number" keyboard: Telegram removes a reply keyboard only
        with a message that says so. With `saved` that message stays (it confirms the
        number); otherwise it is deleted at once, with the prompt that brought the keyboard."""
        if draft.keyboard is None:
            return draft
        note = saved or self.t("case-intake-phone-closed")
        removal = await self.bot.send_message(self.chat_id, note,
                                              reply_markup=ReplyKeyboardRemove())
        gone = [draft.keyboard] if saved else [draft.keyboard, removal.message_id]
        try:
            await self.bot.delete_messages(self.chat_id, gone)
        except TelegramAPIError as exc:  # too old or gone already: the keyboard is removed
            log.info("intake: could not delete the number prompt (%s)", exc)
        return replace(draft, keyboard=None)

    # -- the summary -----------------------------------------------------------------------
    async def organisation(self, draft: Draft, summary: CaseSummary) -> Organisation | None:
        """Who reads the request: the one the person picked while it still serves their
        place, else the one the rules choose now (dialogs/organisations.py)."""
        orgs = self.desk.orgs
        picked = orgs.get(draft.org) if draft.picked and draft.org else None
        if picked is not None and picked in orgs.choices(summary.region):
            return picked
        return await self.desk.route(summary.region, summary.locale)

    def summary(self, data: dict[str, Any], draft: Draft) -> CaseSummary:
        """The case summary, with the pre-assessment when the person finished one."""
        content = self.screens.content
        answers, skipped = None, ()
        progress = Progress.from_data(data.get("assessment") or {})
        # A request about someone else: entered from that section, or after a check about
        # someone else; a check about oneself is not put in someone else's request.
        third_party = draft.third_party or (
            draft.resume == FINISHED and progress is not None
            and progress.other)
        if (draft.resume == FINISHED and progress is not None
                and progress.edition == content.assessment.id
                and progress.other == third_party):
            answers, skipped = progress.answers, progress.skipped
        summary = summarise(draft.intake, self.t.locale, content.assessment,
                            content.guidance, answers, skipped, third_party=third_party)
        if red_flags.urgent_from(data):  # a yes to a red-flag question (/danger)
            summary = replace(summary, urgent=True, red_flags=True)
        return summary

    # -- leaving ---------------------------------------------------------------------------
    async def leave(self, draft: Draft) -> Screens:
        """Forget the intake and return to the state before it; the screens to show next
        (the menu's "continue the check" button depends on that state)."""
        await self.drop_keyboard(draft)
        data = {k: v for k, v in (await self.state.get_data()).items() if k not in DATA_KEYS}
        resume = draft.resume if draft.resume in RESUMABLE else None
        await self.state.set_data(data)
        await self.state.set_state(resume)
        progress = under_way(resume, data, self.screens.content.assessment.id)
        return replace(self.screens, journey=Known(progress))
