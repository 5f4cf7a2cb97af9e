"""Talk to a social defender: the intake, the preview, opening the case, and one's open case.

One question per screen, edited in place. The answers live in FSM data ("handoff") until the
person presses Send on the preview, which shows exactly what the defenders will get: nothing
leaves the bot before that press (the manual's confidentiality principle). The dialog state the
person was in before (a pre-assessment under way or finished) is restored afterwards.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove, Update
from aiogram.utils.callback_answer import CallbackAnswer

from bot.handoff.desk import CaseDesk
from bot.i18n import Translator
from bot.journey import Journey
from bot.ui import intake as ui
from bot.ui import keyboards
from bot.ui.callbacks import (
    CaseAction,
    Go,
    IntakeAction,
    IntakeAnswer,
    IntakeEdit,
    IntakePress,
    MyCase,
    Screen,
)
from bot.ui.screens import Screens
from bot.ui.show import Event, show
from dialogs import intake as flow
from dialogs import red_flags
from dialogs.handoff import CaseSummary, normalise_phone, summarise
from dialogs.intake import Draft, Step
from dialogs.questionnaire import Progress
from dialogs.states import Assessment, Handoff

log = logging.getLogger(__name__)

STATES = {
    Step.REGION: Handoff.region, Step.CHILDREN: Handoff.children, Step.DANGER: Handoff.danger,
    Step.CONTACT: Handoff.contact, Step.PHONE: Handoff.phone,
    Step.DESCRIPTION: Handoff.description, Step.PREVIEW: Handoff.preview,
    Step.CHANGE: Handoff.change,
}
STEPS = {state.state: step for step, state in STATES.items()}
RESUMABLE = (Assessment.answering.state, Assessment.finished.state)
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
            note = ui.paragraphs(t("so-intake-preview-note") if summary.third_party else None,
                                 t("case-intake-preview-note"))
            text = ui.preview_text(self.desk.summary_text(summary, t),
                                   ui.danger_note(t, draft.intake, draft.third_party), note)
            await show(event, text, ui.preview_keyboard(t))
        elif step == Step.CHANGE:
            await show(event, ui.paragraphs(ui.danger_note(t, draft.intake, draft.third_party),
                                            t("case-intake-change")), ui.change_keyboard(t))
        else:
            hours = self.desk.schedule_note(t) if step == Step.REGION else None
            text = ui.question_text(t, step, draft.intake, editing=draft.editing,
                                    reprompt=reprompt, hours=hours,
                                    third_party=draft.third_party)
            await show(event, text, ui.question_keyboard(t, step, draft.intake))
            if step == Step.PHONE and draft.keyboard is None:
                prompt = await self.bot.send_message(self.chat_id, t("case-intake-phone-button"),
                                                     reply_markup=ui.share_phone_keyboard(t))
                draft = replace(draft, keyboard=prompt.message_id)
        await self.state.set_state(STATES[step])
        await self.state.update_data(draft.to_data())

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
            log.info("intake: could not delete the number prompt (%s)", type(exc).__name__)
        return replace(draft, keyboard=None)

    # -- the summary -----------------------------------------------------------------------
    def summary(self, data: dict[str, Any], draft: Draft) -> CaseSummary:
        """The case summary, with the pre-assessment when the person finished one."""
        content = self.screens.content
        answers, skipped = None, ()
        progress = Progress.from_data(data.get("assessment") or {})
        # A request about someone else: entered from that section, or after a check about
        # someone else; a check about oneself is not put in someone else's request.
        third_party = draft.third_party or (
            draft.resume == Assessment.finished.state and progress is not None
            and progress.other)
        if (draft.resume == Assessment.finished.state and progress is not None
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
        journey = await Journey.load(self.state, resume, self.screens.content.assessment.id)
        return replace(self.screens, journey=journey)


def intake_of(event: Event, state: FSMContext, screens: Screens, desk: CaseDesk) -> Session:
    assert event.bot is not None and event.from_user is not None
    return Session(state, screens, desk, event.bot, event.from_user.id)


# -- entry, and the case already open ---------------------------------------------------------
async def show_my_case(event: Event, t: Translator, case_id: int) -> None:
    await show(event, t("case-mine", case=case_id), ui.my_case_keyboard(t))


async def on_defender(query: CallbackQuery, callback_data: Go, state: FSMContext,
                      raw_state: str | None, screens: Screens, desk: CaseDesk) -> None:
    """One's open case if there is one; else the intake (resumed where it was left). From
    the "someone else" section the request is about another person: an intake under way
    becomes one, so the summary says so."""
    third_party = callback_data.to == Screen.DEFENDER_OTHER
    if not desk.available:
        await screens.talk(query)
        return
    if await desk.blocked(query.from_user.id) is not None:  # no new case, no relay: say so
        await show(query, screens.t("case-blocked-intake"), keyboards.back_to_menu(screens.t))
        return
    case = await desk.open_case_of(query.from_user.id)
    if case is not None:
        await show_my_case(query, screens.t, case.id)
        return
    here = intake_of(query, state, screens, desk)
    current = step_of(raw_state)
    if current is not None:
        draft = (await here.draft())[1]
        if third_party:
            draft = replace(draft, third_party=True)
        await here.show(query, draft, current)
        return
    if raw_state == Assessment.finished.state and not third_party:
        # after a check about someone else, the request is about them too
        progress = Progress.from_data((await state.get_data()).get("assessment") or {})
        third_party = progress is not None and progress.other
    await here.show(query, Draft(resume=raw_state, third_party=third_party), Step.REGION)


async def on_my_case(query: CallbackQuery, callback_data: MyCase, screens: Screens,
                     desk: CaseDesk, callback_answer: CallbackAnswer) -> None:
    t = screens.t
    case = await desk.open_case_of(query.from_user.id)
    if case is None:  # closed already (by a defender, or on another screen)
        callback_answer.text = str(t("stale-button"))
        await screens.menu(query)
        return
    match callback_data.act:
        case CaseAction.CLOSE:
            await show(query, t("case-mine-close-confirm", case=case.id),
                       ui.close_confirm_keyboard(t))
        case CaseAction.CLOSE_YES:
            await desk.close_by_person(case)
            await show(query, t("case-mine-closed", case=case.id), keyboards.back_to_menu(t))
        case _:
            await show_my_case(query, t, case.id)


# -- the questions ------------------------------------------------------------------------------
async def stale(query: CallbackQuery, here: Session, raw_state: str | None,
                callback_answer: CallbackAnswer) -> None:
    """A press from an older screen: say so, and show where the person really is."""
    callback_answer.text = str(here.t("stale-button"))
    current = step_of(raw_state)
    if current is None:
        await here.screens.menu(query)
    else:
        await here.show(query, (await here.draft())[1], current)


async def on_answer(query: CallbackQuery, callback_data: IntakeAnswer, state: FSMContext,
                    raw_state: str | None, screens: Screens, desk: CaseDesk,
                    callback_answer: CallbackAnswer) -> None:
    here = intake_of(query, state, screens, desk)
    step = callback_data.s
    _, draft = await here.draft()
    answered = flow.answer(draft.intake, step, callback_data.v)
    if step_of(raw_state) != step or answered is None:
        await stale(query, here, raw_state, callback_answer)
        return
    draft = replace(draft, intake=answered)
    await here.show(query, draft, flow.after(step, answered, draft.editing))


async def on_press(query: CallbackQuery, callback_data: IntakePress, state: FSMContext,
                   raw_state: str | None, screens: Screens, desk: CaseDesk,
                   event_update: Update, callback_answer: CallbackAnswer) -> None:
    here = intake_of(query, state, screens, desk)
    step, act = callback_data.s, callback_data.act
    if step_of(raw_state) != step:
        await stale(query, here, raw_state, callback_answer)
        return
    data, draft = await here.draft()
    match act:
        case IntakeAction.CANCEL:
            screens = await here.leave(draft)
            await screens.menu(query, intro="case-intake-cancelled")
        case IntakeAction.BACK:
            previous = flow.before(step, draft.intake, draft.editing)
            if previous is None:  # Back on the first question leaves, as Cancel does
                screens = await here.leave(draft)
                await screens.menu(query, intro="case-intake-cancelled")
            else:
                await here.show(query, draft, previous)
        case IntakeAction.SKIP if step == Step.DESCRIPTION:
            draft = replace(draft, intake=replace(draft.intake, description=None))
            await here.show(query, draft, Step.PREVIEW)
        case IntakeAction.CHANGE if step == Step.PREVIEW:
            await here.show(query, replace(draft, editing=True), Step.CHANGE)
        case IntakeAction.SEND if step == Step.PREVIEW:
            await send(query, here, data, draft, event_update)
        case _:  # an action this screen does not have: forged
            await stale(query, here, raw_state, callback_answer)


async def on_edit(query: CallbackQuery, callback_data: IntakeEdit, state: FSMContext,
                  raw_state: str | None, screens: Screens, desk: CaseDesk,
                  callback_answer: CallbackAnswer) -> None:
    here = intake_of(query, state, screens, desk)
    if step_of(raw_state) != Step.CHANGE or callback_data.s not in ui.CHANGE_IDS:
        await stale(query, here, raw_state, callback_answer)
        return
    _, draft = await here.draft()
    await here.show(query, replace(draft, editing=True), callback_data.s)


async def send(query: CallbackQuery, here: Session, data: dict[str, Any], draft: Draft,
               event_update: Update) -> None:
    """The person confirmed: open the case (once per this update, even if it is handled
    again after a crash) and say what happens next."""
    t = here.t
    if not here.desk.available:  # the defenders' group was unset since the intake began
        screens = await here.leave(draft)
        await screens.talk(query)
        return
    if flow.missing(draft.intake) is not None:
        await here.show(query, draft, Step.PREVIEW)
        return
    if await here.desk.blocked(query.from_user.id) is not None:  # blocked during the intake
        await here.leave(draft)
        await show(query, t("case-blocked-intake"), keyboards.back_to_menu(t))
        return
    summary = here.summary(data, draft)
    case_id = await here.desk.open_case(origin=event_update.update_id,
                                        user_id=query.from_user.id, summary=summary)
    await here.leave(draft)
    await show(query, ui.paragraphs(t("case-intake-sent", case=case_id),
                                    here.desk.sent_note(t, summary.urgent)),
               keyboards.back_to_menu(t))


# -- typed answers ----------------------------------------------------------------------------
async def on_message(message: Message, state: FSMContext, raw_state: str | None,
                     screens: Screens, desk: CaseDesk) -> None:
    """Anything written during the intake: the number, the description, or else a calm
    re-prompt of the question on screen (a sticker, a photo, text where buttons are asked)."""
    here = intake_of(message, state, screens, desk)
    step = step_of(raw_state)
    assert step is not None  # the router's filter
    _, draft = await here.draft()
    if step == Step.PHONE and (message.text or message.contact):
        await phone_answer(message, here, draft)
    elif step == Step.DESCRIPTION and message.text and not message.text.startswith("/"):
        draft = replace(draft, intake=replace(draft.intake, description=message.text))
        await here.show(message, draft, Step.PREVIEW)
    elif step in flow.TEXT_STEPS:
        await here.show(message, draft, step, reprompt="case-intake-reprompt-text")
    else:
        await here.show(message, draft, step, reprompt="case-intake-reprompt-buttons")


async def phone_answer(message: Message, here: Session, draft: Draft) -> None:
    """A number typed, or shared with the button: only the person's own contact is taken
    from a shared one (anyone else's card could be forwarded by mistake)."""
    assert message.from_user is not None
    if message.contact is not None:
        own = message.contact.user_id == message.from_user.id
        phone = normalise_phone(message.contact.phone_number) if own else None
        problem = "case-intake-phone-invalid" if own else "case-intake-phone-not-own"
    else:
        phone = normalise_phone(message.text) if message.text else None
        problem = "case-intake-phone-invalid"
    if phone is None:
        await here.show(message, draft, Step.PHONE, reprompt=problem)
        return
    t = here.t
    draft = replace(draft, intake=replace(draft.intake, phone=phone))
    draft = await here.drop_keyboard(draft, saved=t("case-intake-phone-saved", phone=phone))
    await here.show(message, draft, flow.after(Step.PHONE, draft.intake, draft.editing))


def make_router() -> Router:
    router = Router(name="handoff")
    router.callback_query.register(on_defender, Go.filter(
        F.to.in_({Screen.DEFENDER, Screen.DEFENDER_OTHER})))
    router.callback_query.register(on_my_case, MyCase.filter())
    router.callback_query.register(on_answer, IntakeAnswer.filter())
    router.callback_query.register(on_press, IntakePress.filter())
    router.callback_query.register(on_edit, IntakeEdit.filter())
    router.message.register(on_message, StateFilter(Handoff))
    return router
