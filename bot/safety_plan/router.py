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
log holds both) and for half an hour (bot.kit.waits); otherwise the waiting ends and the
message goes on to the routers after this one. The prompt has no menu button, and its 🆘 ends
the waiting first.

The rules (sections, limits, checklists) are dialogs.safety_plan; this module is the wiring.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from markupsafe import Markup

from bot.kit import keyboards
from bot.kit.callbacks import Go
from bot.kit.context import bundle
from bot.kit.i18n import Translator
from bot.kit.keyboards import button
from bot.kit.keys import PIN_FREE
from bot.kit.screens import Screens
from bot.kit.show import Event, delete_typed, show, show_here, show_on
from bot.safety_plan.screens import (
    SCREEN,
    EditAct,
    Plan,
    PlanEdit,
    PlanGo,
    PlanScreen,
    PlanTick,
    Wait,
    lines,
    overview_keyboard,
    overview_text,
    problem_text,
    prompt_is_current,
    prompt_keyboard,
    prompt_text,
    section_keyboard,
    section_text,
    start_waiting,
    stop_waiting,
    waiting,
    whole_text,
)
from dialogs import safety_plan as rules
from dialogs.safety_plan import (
    CONTACTS_MAX,
    RULES,
    Kind,
    Problem,
    SafetyPlan,
    Section,
)
from storage.chat_log import ChatLogRepo
from storage.db import now
from storage.safety_plans import SafetyPlansRepo, StoredPlan

log = logging.getLogger(__name__)

# /plan, in the menu of commands (bot/commands.py); the menu's button is Go(to=Screen.PLAN).
COMMAND, COMMAND_DESCRIPTION = "plan", "cmd-plan"


# -- handlers --------------------------------------------------------------------------------
@dataclass
class Here:
    """What every handler needs: the person's plan and texts."""

    t: Translator
    repo: SafetyPlansRepo
    person: int
    state: FSMContext
    raw_state: str | None
    screens: Screens
    chat_log: ChatLogRepo
    bot: Bot

    @classmethod
    def of(cls, data: dict[str, Any]) -> Here:
        """The handlers' `here` (bot.kit.context.bundle), from the update's data."""
        screens = data["screens"]
        return cls(screens.t, data["plans"], data["event_from_user"].id, data["state"],
                   data.get("raw_state"), screens, data["chat_log"], data["bot"])

    async def load(self) -> tuple[StoredPlan | None, SafetyPlan]:
        stored = await self.repo.get(self.person)
        return stored, stored.plan if stored else SafetyPlan()

    async def save(self, plan: SafetyPlan) -> None:
        await self.repo.save(self.person, plan)


async def show_overview(event: Event, here: Here, stored: StoredPlan | None,
                        note: str | None = None) -> None:
    await show(event, overview_text(here.t, stored, note), overview_keyboard(here.t, stored))


async def on_open(event: Event, here: Here) -> None:
    state, raw_state = here.state, here.raw_state
    stored, _ = await here.load()
    await stop_waiting(state, raw_state)
    await show_overview(event, here, stored)


async def on_go(query: CallbackQuery, callback_data: PlanGo, here: Here,
                callback_answer: CallbackAnswer) -> None:
    state, raw_state = here.state, here.raw_state
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


async def on_edit(query: CallbackQuery, callback_data: PlanEdit, here: Here,
                  callback_answer: CallbackAnswer) -> None:
    state, raw_state, chat_log = here.state, here.raw_state, here.chat_log
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


async def on_sos(query: CallbackQuery, here: Here) -> None:
    """🆘 on a prompt: the waiting ends, the numbers show."""
    await stop_waiting(here.state, here.raw_state)
    await here.screens.numbers(query)


async def ask(query: CallbackQuery, here: Here, state: FSMContext, raw_state: str | None,
              wait: Wait | None, plan: SafetyPlan, section: Section, chat_log: ChatLogRepo,
              ) -> None:
    """Show the prompt on this screen and wait for the typed answer."""
    resume = wait.resume if wait is not None else raw_state
    if resume == Plan.typing.state:  # a wait whose data is gone: nothing to go back to
        resume = None
    t = here.t
    screen = await show_here(query, prompt_text(t, plan, section), prompt_keyboard(t, section))
    newest = max([screen, *await chat_log.deletable(here.person)])
    await start_waiting(state, Wait(section, screen, newest, now(), resume))


async def on_typed(message: Message, here: Here) -> None:
    """A message while the prompt waits: the answer, taken and deleted; or something else
    (the prompt is no longer the last thing in the chat, a command), passed on."""
    bot, state, raw_state, chat_log = here.bot, here.state, here.raw_state, here.chat_log
    wait = await waiting(state, raw_state)
    text = message.text
    if (wait is None or (text or "").startswith("/")
            or not await prompt_is_current(wait, message, chat_log)):
        await stop_waiting(state, raw_state)
        raise SkipHandler  # the routers after this one take it (a case's relay, the menu)
    t, section, chat_id = here.t, wait.key, message.chat.id
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


async def on_tick(query: CallbackQuery, callback_data: PlanTick, here: Here,
                  callback_answer: CallbackAnswer) -> None:
    state, raw_state = here.state, here.raw_state
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
    router.callback_query.register(on_sos, PlanEdit.filter(F.act == EditAct.SOS),
                                   flags=PIN_FREE)  # the numbers before any PIN (bot.journal)
    router.callback_query.register(on_edit, PlanEdit.filter())
    router.callback_query.register(on_tick, PlanTick.filter())
    router.message.register(on_typed, StateFilter(Plan.typing))
    return bundle(router, "here", Here.of)
