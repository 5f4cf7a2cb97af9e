"""The intake's screens: the text of each question and its keyboard.

Every question has Back and Cancel and the safety row, but no Menu button: leaving goes through
Cancel, which says that nothing was sent.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from markupsafe import Markup

from bot.handoff.callbacks import (
    CaseAction,
    IntakeAction,
    IntakeAnswer,
    IntakeEdit,
    IntakeOrg,
    IntakePress,
    MyCase,
)
from bot.kit.callbacks import Screen
from bot.kit.i18n import Translator
from bot.kit.keyboards import Row, button, go, screen
from dialogs.fit import MESSAGE_LIMIT
from dialogs.handoff import CITIES, REGIONS, Contact, Intake
from dialogs.intake import NO, QUESTIONS, YES, Step, chosen, number
from dialogs.organisations import Organisation

QUESTION_IDS = {
    Step.REGION: "case-intake-region",
    Step.CHILDREN: "case-intake-children",
    Step.DANGER: "case-intake-danger",
    Step.CONTACT: "case-intake-contact",
    Step.PHONE: "case-intake-phone",
    Step.DESCRIPTION: "case-intake-description",
}
CHANGE_IDS = {  # the buttons of the "what to change" screen
    Step.REGION: "btn-change-region",
    Step.CHILDREN: "btn-change-children",
    Step.DANGER: "btn-change-danger",
    Step.CONTACT: "btn-change-contact",
    Step.DESCRIPTION: "btn-change-description",
}
TICK = "✓ "  # marks the answer given before, after Back or Change


def paragraphs(*parts: str | None) -> str:
    return "\n\n".join(str(p) for p in parts if p)


def danger_note(t: Translator, intake: Intake, third_party: bool = False) -> Markup | None:
    """While the person said they are in danger now, 112 and 102 head every screen."""
    if not intake.danger_now:
        return None
    return t("so-intake-danger-note") if third_party else t("case-intake-danger-note")


def preview_text(summary: str, danger: str | None, note: str, org: str | None = None,
                 limit: int = MESSAGE_LIMIT) -> str:
    """The summary exactly as the defenders get it, between the danger note and the line that
    nothing is sent yet (after the organisation that will read it, `org`). A long summary (a
    long description, many "not sure" answers) keeps the message within Telegram's limit by
    dropping the notes, the danger note first: the summary itself is never cut, and it is
    marked urgent when the person is in danger."""
    for before, after in (((danger,), (org, note)), ((), (org, note)), ((), (org,)), ((), ())):
        text = paragraphs(*before, summary, *after)
        if len(text) <= limit:
            break
    return text


# A request about someone else: these questions are asked about "the person" (someone.ftl).
QUESTION_IDS_OTHER = {
    Step.REGION: "so-intake-region",
    Step.CHILDREN: "so-intake-children",
    Step.DANGER: "so-intake-danger",
    Step.DESCRIPTION: "so-intake-description",
}


def question_text(t: Translator, step: Step, intake: Intake, *, editing: bool,
                  reprompt: str | None = None, hours: str | None = None,
                  third_party: bool = False) -> str:
    """A question; the first one (not when changing an answer) with the intro and the
    defenders' `hours` (bot.kit.hours.schedule), so nobody is surprised by the wait. A request
    about someone else asks about "the person"."""
    header = t("case-intake-progress", number=number(step), total=len(QUESTIONS))
    first = step == Step.REGION and not editing
    intro = None
    if first:
        intro = t("so-intake-intro") if third_party else t("case-intake-intro")
    notice = t(reprompt) if reprompt else None
    question = (QUESTION_IDS_OTHER.get(step, QUESTION_IDS[step]) if third_party
                else QUESTION_IDS[step])
    return paragraphs(danger_note(t, intake, third_party), notice, f"<b>{header}</b>", intro,
                      hours if first else None, t(question))


def _answer(t: Translator, label: str, step: Step, value: str, intake: Intake,
            ) -> InlineKeyboardButton:
    mark = TICK if chosen(intake, step) == value else ""
    return button(f"{mark}{label}", IntakeAnswer(s=step, v=value))


def _pairs(buttons: Sequence[InlineKeyboardButton]) -> list[Row]:
    return [list(buttons[i:i + 2]) for i in range(0, len(buttons), 2)]


def _nav(t: Translator, step: Step) -> Row:
    return [button(t("btn-back"), IntakePress(act=IntakeAction.BACK, s=step)),
            button(t("btn-intake-cancel"), IntakePress(act=IntakeAction.CANCEL, s=step))]


def question_keyboard(t: Translator, step: Step, intake: Intake) -> InlineKeyboardMarkup:
    rows: list[Row] = []
    if step == Step.REGION:  # the three cities first: most people live there
        for places in (CITIES, REGIONS):
            rows += _pairs([_answer(t, t(f"region-{p}"), step, p, intake) for p in places])
    elif step in (Step.CHILDREN, Step.DANGER):
        rows.append([_answer(t, t("btn-yes"), step, YES, intake),
                     _answer(t, t("btn-no"), step, NO, intake)])
    elif step == Step.CONTACT:
        rows += [[_answer(t, t("btn-contact-bot"), step, Contact.BOT, intake)],
                 [_answer(t, t("btn-contact-phone"), step, Contact.PHONE, intake)]]
    elif step == Step.DESCRIPTION:
        rows.append([button(t("btn-intake-skip"), IntakePress(act=IntakeAction.SKIP, s=step))])
    rows.append(_nav(t, step))
    return screen(t, rows, menu=False)


def share_phone_keyboard(t: Translator) -> ReplyKeyboardMarkup:
    """Telegram fills in the person's own number; one tap, nothing to type."""
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=str(t("btn-share-phone")), request_contact=True)]],
        resize_keyboard=True, one_time_keyboard=True)


def preview_keyboard(t: Translator, other_orgs: bool = False) -> InlineKeyboardMarkup:
    """`other_orgs`: another organisation covers the person's place, so they may pick it."""
    here = Step.PREVIEW
    rows: list[Row] = [
        [button(t("btn-intake-send"), IntakePress(act=IntakeAction.SEND, s=here))],
        [button(t("btn-intake-change"), IntakePress(act=IntakeAction.CHANGE, s=here)),
         button(t("btn-intake-cancel"), IntakePress(act=IntakeAction.CANCEL, s=here))],
    ]
    if other_orgs:
        rows.insert(1, [button(t("btn-intake-org"), IntakePress(act=IntakeAction.ORG, s=here))])
    return screen(t, rows, menu=False)


def org_note(t: Translator, org: Organisation, schedule: str | None) -> str:
    """Who will read the request, under the preview; their hours when several organisations
    serve the bot (with one, the hours were told on the first question)."""
    return paragraphs(t("case-intake-org", name=org.title(t.locale)), schedule)


def sent_to(t: Translator, org: Organisation, several: bool) -> str | None:
    """Under "your request is sent": the organisation and how to reach it, once chosen (with a
    single organisation and no name in the settings, nothing to add)."""
    if not several and not org.name:
        return None
    contacts = org.contacts_in(t.locale)
    return paragraphs(t("case-intake-sent-org", name=org.title(t.locale)),
                      t("case-intake-org-contacts", contacts=contacts) if contacts else None)


def org_keyboard(t: Translator, orgs: Sequence[Organisation], current: str | None,
                 ) -> InlineKeyboardMarkup:
    rows: list[Row] = [[button((TICK if o.key == current else "") + o.title(t.locale),
                               IntakeOrg(k=o.key))] for o in orgs]
    rows.append([button(t("btn-back"), IntakePress(act=IntakeAction.BACK, s=Step.ORG))])
    return screen(t, rows, menu=False)


def no_org_keyboard(t: Translator) -> InlineKeyboardMarkup:
    here = Step.PREVIEW
    return screen(t, [[button(t("btn-intake-change"), IntakePress(act=IntakeAction.CHANGE, s=here)),
                       button(t("btn-intake-cancel"), IntakePress(act=IntakeAction.CANCEL,
                                                                  s=here))]], menu=False)


def change_keyboard(t: Translator) -> InlineKeyboardMarkup:
    rows: list[Row] = [[button(t(label), IntakeEdit(s=step))] for step, label in CHANGE_IDS.items()]
    rows.append(_nav(t, Step.CHANGE))
    return screen(t, rows, menu=False)


def my_case_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return screen(t, [[button(t("btn-case-close"), MyCase(act=CaseAction.CLOSE))]])


def close_confirm_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return screen(t, [[button(t("btn-case-close-yes"), MyCase(act=CaseAction.CLOSE_YES))],
                      [button(t("btn-case-keep"), MyCase(act=CaseAction.KEEP))]], menu=False)


def defender_button(t: Translator) -> InlineKeyboardButton:
    return go(t, "btn-defender", Screen.DEFENDER)
