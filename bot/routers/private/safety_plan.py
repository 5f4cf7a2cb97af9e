"""The safety plan (/plan): built at the person's own pace, a section at a time, for staying
and for leaving; stored sealed (storage.safety_plans), shown on demand, deleted on request and
by /forget.

One screen, edited in place. A typed answer (a person to call, the code word, where to go) is
taken while the bot waits for it (the state Plan.typing; which section, in FSM data), and the
person's message is deleted as soon as it is stored, so a phone or a code word does not stay
in the chat; then the same screen shows the section again.

Waiting must never swallow a message meant for something else (a message to a defender, or
what someone types on a phone after a quick exit). So a typed message is taken only while the
prompt is still the last thing in the chat (no message came after it, by either side: the chat
log holds both) and for WAIT_SECONDS; otherwise the waiting ends and the message goes on to the
routers after this one. The prompt has no menu button, and its 🆘 ends the waiting first.

The rules (sections, limits, checklists) are dialogs.safety_plan; this module is the wiring.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from markupsafe import Markup

from bot.handoff.relay import TEXT_LIMIT, utf16_len
from bot.i18n import Translator
from bot.ui import keyboards
from bot.ui.callbacks import Go, QuickExit, Screen
from bot.ui.keyboards import Row, button
from bot.ui.screens import Screens
from bot.ui.show import Event, editable, show
from dialogs import safety_plan as rules
from dialogs.broadcast_time import ALMATY
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
from storage.db import Database, now
from storage.safety_plans import SafetyPlansRepo, StoredPlan

log = logging.getLogger(__name__)

# For the lead's integration: the command (bot/commands.py), the menu button's label, and
# the screen: Go(to=Screen.PLAN) opens the plan once bot/ui/callbacks.Screen has PLAN = "plan".
COMMAND, COMMAND_DESCRIPTION = "plan", "cmd-plan"
MENU_LABEL = "btn-plan"
SCREEN = "plan"
MYDATA_LINE = "mydata-plan"  # for /mydata: the plan is kept, last changed on { $time }
# The directory of help (issue #15, another part), offered on "where I can go" if it exists.
DIRECTORY = Screen.__members__.get("DIRECTORY")

WAIT_KEY = "plan_wait"  # FSM data: which section a typed answer is for
WAIT_SECONDS = 30 * 60
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
@dataclass(frozen=True)
class Wait:
    section: Section
    screen: int  # the message the prompt is on
    last: int  # the newest message of this exchange (the prompt, or a typed answer deleted)
    since: int  # when the prompt was shown
    resume: str | None  # the dialog state before, restored afterwards

    def to_data(self) -> dict[str, Any]:
        return {"s": self.section.value, "m": self.screen, "l": self.last, "at": self.since,
                "r": self.resume}

    @classmethod
    def from_data(cls, data: object) -> Wait | None:
        if not isinstance(data, Mapping):
            return None
        try:
            section = Section(data.get("s"))
            screen, last, since = (int(data[k]) for k in ("m", "l", "at"))
        except (KeyError, TypeError, ValueError):
            return None
        resume = data.get("r")
        return cls(section, screen, last, since, resume if isinstance(resume, str) else None)


async def waiting(state: FSMContext, raw_state: str | None) -> Wait | None:
    if raw_state != Plan.typing.state:
        return None
    return Wait.from_data((await state.get_data()).get(WAIT_KEY))


async def stop_waiting(state: FSMContext, raw_state: str | None) -> None:
    """Back to the dialog state from before the prompt; nothing of the wait is kept."""
    if raw_state != Plan.typing.state:
        return
    data = dict(await state.get_data())
    wait = Wait.from_data(data.pop(WAIT_KEY, None))
    await state.set_data(data)
    await state.set_state(wait.resume if wait else None)


async def start_waiting(state: FSMContext, wait: Wait) -> None:
    await state.set_state(Plan.typing)
    await state.update_data({WAIT_KEY: wait.to_data()})


async def prompt_is_current(wait: Wait, message: Message, chat_log: ChatLogRepo) -> bool:
    """Is this message the answer to the prompt? Only while the prompt is the last thing in
    the chat: a quick exit's goodbye, a command's answer or another message came after it
    otherwise (the chat log keeps the ids of both sides for 48 hours)."""
    if now() - wait.since > WAIT_SECONDS:
        return False
    later = [i for i in await chat_log.deletable(message.chat.id)
             if i > wait.last and i != message.message_id]
    return not later


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


# -- handlers --------------------------------------------------------------------------------
@dataclass
class Here:
    """What every handler needs: the person's plan and texts."""

    t: Translator
    repo: SafetyPlansRepo
    person: int

    async def load(self) -> tuple[StoredPlan | None, SafetyPlan]:
        stored = await self.repo.get(self.person)
        return stored, stored.plan if stored else SafetyPlan()

    async def save(self, plan: SafetyPlan) -> None:
        await self.repo.save(self.person, plan)


def here_of(event: Event, screens: Screens, db: Database) -> Here:
    assert event.from_user is not None  # private chats: always a sender
    return Here(screens.t, SafetyPlansRepo(db), event.from_user.id)


async def show_overview(event: Event, here: Here, stored: StoredPlan | None,
                        note: str | None = None) -> None:
    await show(event, overview_text(here.t, stored, note), overview_keyboard(here.t, stored))


async def on_open(event: Event, state: FSMContext, raw_state: str | None, screens: Screens,
                  db: Database) -> None:
    here = here_of(event, screens, db)
    stored, _ = await here.load()
    await stop_waiting(state, raw_state)
    await show_overview(event, here, stored)


async def on_go(query: CallbackQuery, callback_data: PlanGo, state: FSMContext,
                raw_state: str | None, screens: Screens, db: Database,
                callback_answer: CallbackAnswer) -> None:
    here = here_of(query, screens, db)
    t = here.t
    stored, _ = await here.load()
    await stop_waiting(state, raw_state)
    match callback_data.to:
        case PlanScreen.SHOW:
            rows = [[button(t("plan-btn-back"), PlanGo(to=PlanScreen.OVERVIEW))]]
            await show(query, whole_text(t, stored), keyboards.screen(t, rows))
        case PlanScreen.DELETE if stored is not None:
            rows = [[button(t("plan-btn-delete-yes"), PlanGo(to=PlanScreen.DELETE_YES))],
                    [button(t("plan-btn-delete-no"), PlanGo(to=PlanScreen.OVERVIEW))]]
            await show(query, t("plan-delete-confirm"), keyboards.screen(t, rows))
        case PlanScreen.DELETE_YES if stored is not None:
            await here.repo.forget(here.person)
            await show_overview(query, here, None, note="plan-deleted")
        case PlanScreen.OVERVIEW:
            await show_overview(query, here, stored)
        case _:  # deleting a plan there is not: an older screen
            callback_answer.text = str(t("stale-button"))
            await show_overview(query, here, stored)


async def on_edit(query: CallbackQuery, callback_data: PlanEdit, state: FSMContext,
                  raw_state: str | None, screens: Screens, db: Database, chat_log: ChatLogRepo,
                  callback_answer: CallbackAnswer) -> None:
    here = here_of(query, screens, db)
    t, section, act = here.t, callback_data.s, callback_data.act
    rule = RULES[section]
    _, plan = await here.load()
    wait = await waiting(state, raw_state)
    note: Markup | None = None
    if act == EditAct.ASK and rule.typed:
        if section == Section.CONTACTS and len(plan.contacts) >= CONTACTS_MAX:
            callback_answer.text = str(problem_text(t, Problem.FULL, section))
        else:
            await ask(query, here, state, raw_state, wait, plan, section, chat_log)
            return
    await stop_waiting(state, raw_state)
    match act:
        case EditAct.SOS:
            await screens.numbers(query)
            return
        case EditAct.CLEAR if rule.kind == Kind.TEXT and plan.text(section) is not None:
            plan = rules.clear_text(plan, section)
            await here.save(plan)
            note = t("plan-cleared")
        case EditAct.REMOVE if section == Section.CONTACTS:
            changed = rules.remove_contact(plan, callback_data.i, callback_data.n)
            if changed is None:
                callback_answer.text = str(t("stale-button"))
            else:
                plan = changed
                await here.save(plan)
                callback_answer.text = str(t("plan-removed"))
        case EditAct.VIEW | EditAct.CANCEL | EditAct.ASK:
            pass
        case _:  # nothing to clear: an older screen, or a forged press
            callback_answer.text = str(t("stale-button"))
    await show(query, section_text(t, plan, section, note), section_keyboard(t, plan, section))


async def ask(query: CallbackQuery, here: Here, state: FSMContext, raw_state: str | None,
              wait: Wait | None, plan: SafetyPlan, section: Section, chat_log: ChatLogRepo,
              ) -> None:
    """Show the prompt on this screen and wait for the typed answer."""
    resume = wait.resume if wait is not None else raw_state
    if resume == Plan.typing.state:  # a wait whose data is gone: nothing to go back to
        resume = None
    t = here.t
    screen = await prompt_on(query, prompt_text(t, plan, section), prompt_keyboard(t, section))
    newest = max([screen, *await chat_log.deletable(here.person)])
    await start_waiting(state, Wait(section, screen, newest, now(), resume))


async def prompt_on(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup) -> int:
    """As show(), returning the id of the message the screen is on."""
    message = editable(query)
    if message is not None:
        try:
            await message.edit_text(text, reply_markup=markup)
            return message.message_id
        except TelegramBadRequest as exc:
            if "not modified" in exc.message:
                return message.message_id
            log.info("safety plan: could not edit a screen (%s); sending it anew", exc.message)
    assert query.bot is not None
    sent = await query.bot.send_message(query.from_user.id, text, reply_markup=markup)
    return sent.message_id


async def show_on(bot: Bot, chat_id: int, screen: int, text: str,
                  markup: InlineKeyboardMarkup) -> int:
    """Edit the screen the prompt was on (after a typed answer); if it cannot be edited any
    more, send it anew. Returns the id of the message the screen is on now."""
    try:
        await bot.edit_message_text(text, chat_id=chat_id, message_id=screen,
                                    reply_markup=markup)
        return screen
    except TelegramBadRequest as exc:
        if "not modified" in exc.message:
            return screen
        log.info("safety plan: could not edit the screen (%s); sending it anew", exc.message)
    return (await bot.send_message(chat_id, text, reply_markup=markup)).message_id


async def delete_typed(bot: Bot, message: Message) -> bool:
    """Best effort: the bot may delete a message in a private chat for 48 hours."""
    try:
        return bool(await bot.delete_message(message.chat.id, message.message_id))
    except TelegramAPIError as exc:
        log.info("safety plan: could not delete a typed answer (%s)", type(exc).__name__)
        return False


async def on_typed(message: Message, bot: Bot, state: FSMContext, raw_state: str | None,
                   screens: Screens, db: Database, chat_log: ChatLogRepo) -> None:
    """A message while the prompt waits: the answer, taken and deleted; or something else
    (the prompt is no longer the last thing in the chat, a command), passed on."""
    wait = await waiting(state, raw_state)
    text = message.text
    if (wait is None or (text or "").startswith("/")
            or not await prompt_is_current(wait, message, chat_log)):
        await stop_waiting(state, raw_state)
        raise SkipHandler  # the routers after this one take it (a case's relay, the menu)
    here = here_of(message, screens, db)
    t, section, chat_id = here.t, wait.section, message.chat.id
    _, plan = await here.load()
    taken = rules.take_typed(plan, section, text) if text else None
    if not isinstance(taken, SafetyPlan):  # a problem; or a sticker, a photo, a voice message
        problem = (problem_text(t, taken, section) if taken is not None
                   else t("plan-problem-not-text"))
        if text and not await delete_typed(bot, message):
            problem = lines(problem, t("plan-not-deleted"))
        screen = await show_on(bot, chat_id, wait.screen, prompt_text(t, plan, section, problem),
                               prompt_keyboard(t, section))
        newest = max(screen, message.message_id)
        await start_waiting(state, replace(wait, screen=screen, last=newest, since=now()))
        return
    await here.save(taken)
    deleted = await delete_typed(bot, message)
    await stop_waiting(state, raw_state)
    note = t("plan-saved-deleted") if deleted else lines(t("plan-saved"), t("plan-not-deleted"))
    await show_on(bot, chat_id, wait.screen, section_text(t, taken, section, note),
                  section_keyboard(t, taken, section))


async def on_tick(query: CallbackQuery, callback_data: PlanTick, state: FSMContext,
                  raw_state: str | None, screens: Screens, db: Database,
                  callback_answer: CallbackAnswer) -> None:
    here = here_of(query, screens, db)
    section = callback_data.s
    stored, plan = await here.load()
    await stop_waiting(state, raw_state)
    changed = rules.toggle(plan, section, callback_data.i)
    if changed is None:  # no such item in this section: forged, or from an older version
        callback_answer.text = str(here.t("stale-button"))
        await show_overview(query, here, stored)
        return
    await here.save(changed)
    await show(query, section_text(here.t, changed, section),
               section_keyboard(here.t, changed, section))


def make_router() -> Router:
    router = Router(name="safety_plan")
    router.message.register(on_open, Command(COMMAND))
    router.callback_query.register(on_open, Go.filter(F.to == SCREEN))
    router.callback_query.register(on_go, PlanGo.filter())
    router.callback_query.register(on_edit, PlanEdit.filter())
    router.callback_query.register(on_tick, PlanTick.filter())
    router.message.register(on_typed, StateFilter(Plan.typing))
    return router
