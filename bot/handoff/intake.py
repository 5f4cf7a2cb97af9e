"""Talk to a social defender: the intake, the preview, opening the case, and one's open case.

One question per screen, edited in place. The answers live in FSM data ("handoff") until the
person presses Send on the preview, which shows exactly what the defenders will get: nothing
leaves the bot before that press (the manual's confidentiality principle). The dialog state the
person was in before (a pre-assessment under way or finished) is restored afterwards.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    Message,
    Update,
)
from aiogram.utils.callback_answer import CallbackAnswer

from bot.handoff import intake_screens as ui
from bot.handoff import talk
from bot.handoff.callbacks import (
    CaseAction,
    IntakeAction,
    IntakeAnswer,
    IntakeEdit,
    IntakeOrg,
    IntakePress,
    MyCase,
)
from bot.handoff.session import RESUMABLE, Session, step_of
from bot.handoff.states import Handoff
from bot.kit import keyboards
from bot.kit.callbacks import Go, Screen
from bot.kit.context import bundle
from bot.kit.i18n import Translator
from bot.kit.show import Event, delete_typed, show
from dialogs import intake as flow
from dialogs.handoff import normalise_phone
from dialogs.intake import Draft, Step, masked_phone
from dialogs.questionnaire import FINISHED, Progress

log = logging.getLogger(__name__)


# -- entry, and the case already open ---------------------------------------------------------
async def show_my_case(event: Event, t: Translator, case_id: int, state: FSMContext,
                       raw_state: str | None) -> None:
    """One's open request: the conversation screen, where typed words go to the defender."""
    await show(event, t("case-mine", case=case_id), ui.my_case_keyboard(t))
    await talk.enter(state, raw_state)


async def on_defender(query: CallbackQuery, callback_data: Go, here: Session) -> None:
    """One's open case if there is one; else the intake (resumed where it was left). From
    the "someone else" section the request is about another person: an intake under way
    becomes one, so the summary says so."""
    state, raw_state, screens, desk = here.state, here.raw_state, here.screens, here.desk
    third_party = callback_data.to == Screen.DEFENDER_OTHER
    if not desk.available:
        await screens.talk(query)
        return
    if await desk.blocked(query.from_user.id) is not None:  # no new case, no relay: say so
        await show(query, screens.t("case-blocked-intake"), keyboards.back_to_menu(screens.t))
        return
    case = await desk.open_case_of(query.from_user.id)
    if case is not None:
        await show_my_case(query, screens.t, case.id, state, raw_state)
        return
    current = step_of(raw_state)
    if current is not None:
        draft = (await here.draft())[1]
        if third_party:
            draft = replace(draft, third_party=True)
        await here.show(query, draft, current)
        return
    if raw_state == FINISHED and not third_party:
        # after a check about someone else, the request is about them too
        progress = Progress.from_data((await state.get_data()).get("assessment") or {})
        third_party = progress is not None and progress.other
    await here.show(query, Draft(resume=raw_state, third_party=third_party), Step.REGION)


async def on_my_case(query: CallbackQuery, callback_data: MyCase, here: Session,
                     callback_answer: CallbackAnswer) -> None:
    state, raw_state, screens, desk = here.state, here.raw_state, here.screens, here.desk
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
            await show_my_case(query, t, case.id, state, raw_state)


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


async def on_answer(query: CallbackQuery, callback_data: IntakeAnswer, here: Session,
                    callback_answer: CallbackAnswer) -> None:
    raw_state = here.raw_state
    step = callback_data.s
    _, draft = await here.draft()
    answered = flow.answer(draft.intake, step, callback_data.v)
    if step_of(raw_state) != step or answered is None:
        await stale(query, here, raw_state, callback_answer)
        return
    draft = replace(draft, intake=answered)
    await here.show(query, draft, flow.after(step, answered, draft.editing))


async def on_press(query: CallbackQuery, callback_data: IntakePress, here: Session,
                   event_update: Update, callback_answer: CallbackAnswer) -> None:
    raw_state, screens = here.raw_state, here.screens
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
        case IntakeAction.ORG if step == Step.PREVIEW:
            await here.show(query, draft, Step.ORG)
        case _:  # an action this screen does not have: forged
            await stale(query, here, raw_state, callback_answer)


async def on_org(query: CallbackQuery, callback_data: IntakeOrg, here: Session,
                 callback_answer: CallbackAnswer) -> None:
    """The person picked the organisation to read their request (one serving their place)."""
    raw_state = here.raw_state
    _, draft = await here.draft()
    org = here.desk.orgs.get(callback_data.k)
    if step_of(raw_state) != Step.ORG or org is None or \
            org not in here.desk.orgs.choices(draft.intake.region or ""):
        await stale(query, here, raw_state, callback_answer)
        return
    await here.show(query, replace(draft, org=org.key, picked=True), Step.PREVIEW)


async def on_edit(query: CallbackQuery, callback_data: IntakeEdit, here: Session,
                  callback_answer: CallbackAnswer) -> None:
    raw_state = here.raw_state
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
    org = here.desk.orgs.get(draft.org) if draft.org else None
    if org is None or org not in here.desk.orgs.choices(summary.region):
        # the preview named none, or one that no longer serves the place: show who reads it
        await here.show(query, draft, Step.PREVIEW)
        return
    case_id = await here.desk.open_case(origin=event_update.update_id,
                                        user_id=query.from_user.id, summary=summary, org=org)
    await here.leave(draft)
    # the preview is replaced by the confirmation, which is the conversation screen; it
    # names the organisation and its contacts now that the person has sent it to them
    await show(query, ui.paragraphs(t("case-intake-sent", case=case_id),
                                    ui.sent_to(t, org, here.desk.orgs.single is None),
                                    here.desk.sent_note(t, summary.urgent, org.hours)),
               keyboards.back_to_menu(t))
    await talk.enter(here.state, draft.resume if draft.resume in RESUMABLE else None)


# -- typed answers ----------------------------------------------------------------------------
async def on_message(message: Message, here: Session) -> None:
    """Anything written during the intake: the number, the description, or else a calm
    re-prompt of the question on screen (a sticker, a photo, text where buttons are asked).

    Whatever it was, the person's message is deleted once read (the answer is in the draft by
    then): a number, a description or a contact card must not stay on a phone someone else
    may pick up; the screen above is edited in place to say what happened."""
    step = step_of(here.raw_state)
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
    await delete_typed(here.bot, message)  # after the answer is stored in the dialog


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
    # the echo stays in the chat (it removes the number keyboard): never the number itself
    draft = await here.drop_keyboard(draft, saved=t("case-intake-phone-saved",
                                                     phone=masked_phone(phone)))
    await here.show(message, draft, flow.after(Step.PHONE, draft.intake, draft.editing))


def make_router() -> Router:
    router = Router(name="handoff")
    router.callback_query.register(on_defender, Go.filter(
        F.to.in_({Screen.DEFENDER, Screen.DEFENDER_OTHER})))
    router.callback_query.register(on_my_case, MyCase.filter())
    router.callback_query.register(on_answer, IntakeAnswer.filter())
    router.callback_query.register(on_press, IntakePress.filter())
    router.callback_query.register(on_edit, IntakeEdit.filter())
    router.callback_query.register(on_org, IntakeOrg.filter())
    router.message.register(on_message, StateFilter(Handoff))
    return bundle(router, "here", Session.of)
