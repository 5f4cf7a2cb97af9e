"""The safety plan's states, buttons, waiting for a typed answer, texts and keyboards; the
handlers are bot/safety_plan/router.py."""

from __future__ import annotations

import logging
from datetime import datetime
from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import InlineKeyboardMarkup, Message
from markupsafe import Markup

from bot.kit import keyboards, waits
from bot.kit.callbacks import QuickExit, Screen
from bot.kit.i18n import Translator
from bot.kit.keyboards import Row, button
from bot.kit.text import TEXT_LIMIT, utf16_len
from bot.kit.waits import answers_prompt
from dialogs import safety_plan as rules
from dialogs.clock import ALMATY
from dialogs.safety_plan import (
    CONTACTS_MAX,
    PART_TITLES,
    PARTS,
    RULES,
    Kind,
    Problem,
    SafetyPlan,
    Section,
)
from storage.chat_log import ChatLogRepo
from storage.db import now
from storage.safety_plans import StoredPlan

log = logging.getLogger(__name__)

MENU_LABEL = "btn-plan"
SCREEN = "plan"
MYDATA_LINE = "mydata-plan"  # for /mydata: the plan is kept, last changed on { $time }
# The directory of help (issue #15, another part), offered on "where I can go" if it exists.
DIRECTORY = Screen.__members__.get("DIRECTORY")

WAIT_KEY = "plan_wait"  # FSM data: which section a typed answer is for
FILLED, OPEN = "✅", "▫️"


class Plan(StatesGroup):
    typing = State()  # waiting for a typed answer; which section: FSM data WAIT_KEY


# -- buttons ------------------------------------------------------------------------------------
class PlanScreen(StrEnum):
    OVERVIEW = "o"
    SHOW = "v"  # the whole plan on one screen
    DELETE = "d"  # asks first
    DELETE_YES = "y"


class PlanGo(CallbackData, prefix="sp"):
    to: PlanScreen


class EditAct(StrEnum):
    VIEW = "v"  # the section's screen
    ASK = "a"  # wait for a typed answer
    CANCEL = "c"  # stop waiting
    CLEAR = "x"  # empty a text section
    REMOVE = "r"  # a person to call, by position
    SOS = "h"  # the emergency numbers, from a prompt: stop waiting first


class PlanEdit(CallbackData, prefix="se"):
    act: EditAct
    s: Section
    i: int = -1  # REMOVE: the position
    n: int = -1  # REMOVE: how many people the screen listed (an older screen is stale)


class PlanTick(CallbackData, prefix="sk"):
    s: Section
    i: str  # the item's id


# -- waiting for a typed answer ---------------------------------------------------------------
class Wait(waits.Wait[Section]):
    TAG, KIND = "s", Section  # the section the answer is for, as kept since the plan began


WAITS = waits.Waits(Wait, Plan.typing, WAIT_KEY)
waiting, stop_waiting, start_waiting = WAITS.waiting, WAITS.stop, WAITS.start


async def prompt_is_current(wait: Wait, message: Message, chat_log: ChatLogRepo) -> bool:
    """Is this message the answer to the prompt? (bot.kit.waits)"""
    return answers_prompt(wait.since, wait.last, message.message_id,
                          await chat_log.deletable(message.chat.id), now())


# -- texts ------------------------------------------------------------------------------------
def lines(*parts: object) -> Markup:
    return Markup("\n").join(p for p in parts if p)


def mark(filled: bool) -> str:
    return FILLED if filled else OPEN


def saved_on(t: Translator, stored: StoredPlan | None) -> Markup | None:
    if stored is None:
        return None
    day = datetime.fromtimestamp(stored.updated_at, ALMATY).strftime("%d.%m.%Y")
    return t("plan-saved-on", time=day)


def overview_text(t: Translator, stored: StoredPlan | None, note: str | None = None) -> str:
    plan = stored.plan if stored else SafetyPlan()
    parts: list[object] = [Markup("<b>{}</b>").format(t("plan-title")), t("plan-intro")]
    for part, sections in PARTS.items():
        parts.append("")
        parts.append(Markup("<b>{}</b>").format(t(PART_TITLES[part])))
        parts.extend(Markup("{} {}").format(mark(plan.filled(s)), t(RULES[s].title))
                     for s in sections)
    parts += ["", saved_on(t, stored) or t("plan-none-yet")]
    if note:
        parts += ["", t(note)]
    return "\n".join(str(p) for p in parts)


def overview_keyboard(t: Translator, stored: StoredPlan | None) -> InlineKeyboardMarkup:
    plan = stored.plan if stored else SafetyPlan()
    rows: list[Row] = [
        [button(f"{mark(plan.filled(s))} {t(RULES[s].title)}", PlanEdit(act=EditAct.VIEW, s=s))]
        for sections in PARTS.values() for s in sections]
    if stored is not None:
        rows.append([button(t("plan-btn-show"), PlanGo(to=PlanScreen.SHOW)),
                     button(t("plan-btn-delete"), PlanGo(to=PlanScreen.DELETE))])
    return keyboards.screen(t, rows)


def contact_line(index: int, contact: rules.Contact) -> Markup:
    return Markup("{}. <b>{}</b> — {}").format(index + 1, contact.name, contact.phone)


def section_text(t: Translator, plan: SafetyPlan, section: Section,
                 note: Markup | None = None) -> str:
    rule = RULES[section]
    parts: list[object] = [Markup("<b>{}</b>").format(t(rule.title)), t(rule.about)]
    if rule.kind == Kind.CONTACTS:
        parts.append("")
        parts.extend(contact_line(i, c) for i, c in enumerate(plan.contacts))
        if not plan.contacts:
            parts.append(Markup("<i>{}</i>").format(t("plan-contacts-none")))
    elif rule.kind == Kind.TEXT:
        if section == rules.Section.PLACE:
            parts.append(t("plan-place-hint"))
        value = plan.text(section)
        parts.append("")
        parts.append(Markup("{} <b>{}</b>").format(t("plan-yours"), value) if value
                     else Markup("<i>{}</i>").format(t("plan-not-set")))
    else:
        ticked = plan.ticked(section)
        parts.append("")
        parts.extend(Markup("{} {}").format(mark(i.id in ticked), t(i.more)) for i in rule.items)
        parts.append("")
        parts.append(t("plan-ticked", count=len(ticked), total=len(rule.items)))
    if note:
        parts += ["", note]
    return "\n".join(str(p) for p in parts)


def section_keyboard(t: Translator, plan: SafetyPlan, section: Section) -> InlineKeyboardMarkup:
    rule = RULES[section]
    rows: list[Row] = []
    if rule.kind == Kind.CONTACTS:
        shown = len(plan.contacts)
        # the name as typed: a button's label is not HTML, so it is not put through t()
        rows += [[button(f"{t('plan-btn-remove')} {c.name}",
                         PlanEdit(act=EditAct.REMOVE, s=section, i=i, n=shown))]
                 for i, c in enumerate(plan.contacts)]
        if shown < CONTACTS_MAX:
            rows.append([button(t("plan-btn-add"), PlanEdit(act=EditAct.ASK, s=section))])
    elif rule.kind == Kind.TEXT:
        value = plan.text(section)
        write = button(t("plan-btn-change" if value else "plan-btn-write"),
                       PlanEdit(act=EditAct.ASK, s=section))
        rows.append([write, button(t("plan-btn-clear"), PlanEdit(act=EditAct.CLEAR, s=section))]
                    if value else [write])
        if section == Section.PLACE and DIRECTORY is not None:
            rows.append([keyboards.go(t, "plan-btn-directory", DIRECTORY)])
    else:
        ticked = plan.ticked(section)
        ticks = [button(f"{mark(i.id in ticked)} {t(i.label)}", PlanTick(s=section, i=i.id))
                 for i in rule.items]
        rows += [ticks[k:k + 2] for k in range(0, len(ticks), 2)]  # two a row: short labels
    rows.append([button(t("plan-btn-back"), PlanGo(to=PlanScreen.OVERVIEW))])
    return keyboards.screen(t, rows)


def problem_text(t: Translator, problem: Problem, section: Section) -> Markup:
    return t(problem.value, count=CONTACTS_MAX if problem == Problem.FULL
             else RULES[section].limit)


PROMPTS = {Section.CONTACTS: "plan-ask-contacts", Section.CODE_WORD: "plan-ask-code-word",
           Section.PLACE: "plan-ask-place"}


def prompt_text(t: Translator, plan: SafetyPlan, section: Section,
                problem: Markup | None = None) -> str:
    rule = RULES[section]
    ask = t(PROMPTS[section], count=rule.limit)
    parts: list[object] = [Markup("<b>{}</b>").format(t(rule.title))]
    if problem:
        parts += [Markup("⚠️ {}").format(problem), ""]
    parts += [ask, "", Markup("<i>{}</i>").format(t("plan-ask-deleted"))]
    return "\n".join(str(p) for p in parts)


def prompt_keyboard(t: Translator, section: Section) -> InlineKeyboardMarkup:
    """No menu button: leaving the prompt goes through Cancel or 🆘, which end the waiting."""
    return InlineKeyboardMarkup(inline_keyboard=[
        [button(t("plan-btn-cancel"), PlanEdit(act=EditAct.CANCEL, s=section))],
        [button(t("btn-sos"), PlanEdit(act=EditAct.SOS, s=section)),
         button(t("btn-exit"), QuickExit())],
    ])


def whole_text(t: Translator, stored: StoredPlan | None, limit: int = TEXT_LIMIT) -> str:
    """The whole plan on one screen, everything the person typed escaped; within Telegram's
    limit (the checklists fall back to their short labels, which always fit)."""
    if stored is None or stored.plan.empty:
        return "\n".join(str(p) for p in (
            Markup("<b>{}</b>").format(t("plan-show-title")), "", t("plan-show-empty")))

    def render(full: bool) -> str:
        plan = stored.plan
        parts: list[object] = [Markup("<b>{}</b>").format(t("plan-show-title")),
                               Markup("<i>{}</i>").format(t("plan-show-warning"))]
        for part, sections in PARTS.items():
            parts += ["", Markup("<b><u>{}</u></b>").format(t(PART_TITLES[part]))]
            for section in sections:
                parts += section_lines(t, plan, section, full)
        parts += ["", saved_on(t, stored)]
        return "\n".join(str(p) for p in parts if p is not None)

    text = render(True)
    return text if utf16_len(text) <= limit else render(False)


def section_lines(t: Translator, plan: SafetyPlan, section: Section, full: bool,
                  ) -> list[object]:
    rule = RULES[section]
    title = Markup("<b>{}</b>").format(t(rule.title))
    nothing = Markup("{}: <i>{}</i>").format(title, t("plan-not-filled"))
    if not plan.filled(section):
        return [nothing]
    if rule.kind == Kind.CONTACTS:
        return [title, *(contact_line(i, c) for i, c in enumerate(plan.contacts))]
    if rule.kind == Kind.TEXT:
        return [Markup("{}: {}").format(title, plan.text(section))]
    ticked = plan.ticked(section)
    chosen = [i for i in rule.items if i.id in ticked]
    if full:
        return [title, *(Markup("• {}").format(t(i.more)) for i in chosen)]
    return [Markup("{}: {}").format(title, Markup(", ").join(t(i.label) for i in chosen))]
