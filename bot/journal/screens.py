"""The journal's buttons, states, waits and screens; its handlers are bot/journal/router.py."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import InlineKeyboardMarkup
from markupsafe import Markup, escape

from bot.kit import keyboards
from bot.kit.callbacks import QuickExit, Screen
from bot.kit.i18n import Translator
from bot.kit.keyboards import Row, button
from bot.kit.keys import JOURNAL_DRAFT_KEY, JOURNAL_WAIT_KEY
from dialogs.clock import ALMATY
from dialogs.journal import (
    ENTRIES_MAX,
    RECEIPT_CHARS,
    STEPS,
    TYPED,
    DayPart,
    Entry,
    Field,
    Place,
    Police,
    Problem,
    When,
)
from storage.journal import StoredEntry

SCREEN = Screen.JOURNAL
PAGE = 8  # entries a page of the list shows
FILLED, OPEN = "✅", "▫️"


class Journal(StatesGroup):
    typing = State()  # waiting for a typed answer; which field: FSM data JOURNAL_WAIT_KEY


# -- buttons ------------------------------------------------------------------------------------
class JournalScreen(StrEnum):
    OVERVIEW = "o"
    NEW = "n"  # a new entry, guided step by step
    DRAFT = "r"  # the entry being written, all its fields
    SAVE = "s"
    DISCARD = "x"
    LIST = "l"  # n: the page
    ENTRY = "e"  # n: the entry's number
    EDIT = "c"  # n: the entry's number, copied into a draft
    DELETE = "d"  # n: asks first
    DELETE_YES = "y"
    SOS = "h"  # the emergency numbers, from a prompt: stop waiting first


class JournalGo(CallbackData, prefix="jn"):
    to: JournalScreen
    n: int = 0


class JournalAsk(CallbackData, prefix="jf"):
    """Open a field's screen (a typed field: wait for the answer)."""

    f: Field


class WhenChoice(StrEnum):
    NOW = "now"
    TODAY = "t0"
    YESTERDAY = "t1"
    DAY = "day"  # type a date


SKIP, CLEAR = "skip", "clear"


class JournalSet(CallbackData, prefix="jv"):
    """A field's value chosen by a button: a Place, Police or DayPart value, a WhenChoice, or
    SKIP (go on without it) or CLEAR (empty it)."""

    f: Field
    v: str


# -- what the dialog keeps --------------------------------------------------------------------
@dataclass(frozen=True)
class Draft:
    """The entry being written: new (number 0) or a stored one being edited. `guided`: the
    next step follows after each answer; `day`: a day chosen, its part of day still to ask."""

    entry: Entry
    number: int = 0
    guided: bool = False
    day: str | None = None

    def to_data(self) -> dict[str, Any]:
        return {"e": self.entry.to_data(), "n": self.number, "g": self.guided, "d": self.day}

    @classmethod
    def from_data(cls, data: object) -> Draft | None:
        if not isinstance(data, Mapping):
            return None
        number, day = data.get("n"), data.get("d")
        return cls(Entry.from_data(data.get("e")), number if isinstance(number, int) else 0,
                   data.get("g") is True, day if isinstance(day, str) else None)


async def load_draft(state: FSMContext) -> Draft | None:
    return Draft.from_data((await state.get_data()).get(JOURNAL_DRAFT_KEY))


async def keep_draft(state: FSMContext, draft: Draft | None) -> None:
    if draft is None:
        data = dict(await state.get_data())
        if data.pop(JOURNAL_DRAFT_KEY, None) is not None:
            await state.set_data(data)
        return
    await state.update_data({JOURNAL_DRAFT_KEY: draft.to_data()})


@dataclass(frozen=True)
class Wait:
    field: Field  # WHEN: a typed date
    screen: int  # the message the prompt is on
    last: int  # the newest message of this exchange (the prompt, or an answer deleted)
    since: int  # when the prompt was shown
    resume: str | None  # the dialog state before, restored afterwards

    def to_data(self) -> dict[str, Any]:
        return {"f": self.field.value, "m": self.screen, "l": self.last, "at": self.since,
                "r": self.resume}

    @classmethod
    def from_data(cls, data: object) -> Wait | None:
        if not isinstance(data, Mapping):
            return None
        try:
            field = Field(data.get("f"))
            screen, last, since = (int(data[k]) for k in ("m", "l", "at"))
        except (KeyError, TypeError, ValueError):
            return None
        resume = data.get("r")
        return cls(field, screen, last, since, resume if isinstance(resume, str) else None)


async def waiting(state: FSMContext, raw_state: str | None) -> Wait | None:
    if raw_state != Journal.typing.state:
        return None
    return Wait.from_data((await state.get_data()).get(JOURNAL_WAIT_KEY))


async def stop_waiting(state: FSMContext, raw_state: str | None) -> None:
    """Back to the dialog state from before the prompt; nothing of the wait is kept."""
    if raw_state != Journal.typing.state:
        return
    data = dict(await state.get_data())
    wait = Wait.from_data(data.pop(JOURNAL_WAIT_KEY, None))
    await state.set_data(data)
    await state.set_state(wait.resume if wait else None)


async def start_waiting(state: FSMContext, wait: Wait) -> None:
    await state.set_state(Journal.typing)
    await state.update_data({JOURNAL_WAIT_KEY: wait.to_data()})


# -- texts ------------------------------------------------------------------------------------
def lines(*parts: object) -> Markup:
    return Markup("\n").join(p for p in parts if p)


def local_time(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, ALMATY).strftime("%d.%m.%Y %H:%M")


FIELD_LABELS = {Field.WHEN: "journal-field-when", Field.PLACE: "journal-field-place",
                Field.WHAT: "journal-field-what", Field.INJURIES: "journal-field-injuries",
                Field.WITNESSES: "journal-field-witnesses", Field.POLICE: "journal-field-police"}
FIELD_BUTTONS = {Field.WHEN: "journal-btn-when", Field.PLACE: "journal-btn-place",
                 Field.WHAT: "journal-btn-what", Field.INJURIES: "journal-btn-injuries",
                 Field.WITNESSES: "journal-btn-witnesses", Field.POLICE: "journal-btn-police"}
PLACES = {Place.HOME: "journal-place-home", Place.RELATIVES: "journal-place-relatives",
          Place.OUTSIDE: "journal-place-outside", Place.WORK: "journal-place-work",
          Place.ONLINE: "journal-place-online", Place.OTHER: "journal-place-other"}
POLICE = {Police.CALLED: "journal-police-called", Police.NOT_CALLED: "journal-police-not-called"}
DAY_PARTS = {DayPart.MORNING: "journal-part-morning", DayPart.DAYTIME: "journal-part-daytime",
             DayPart.EVENING: "journal-part-evening", DayPart.NIGHT: "journal-part-night"}
QUESTIONS = {Field.WHEN: "journal-q-when", Field.PLACE: "journal-q-place",
             Field.WHAT: "journal-q-what", Field.INJURIES: "journal-q-injuries",
             Field.WITNESSES: "journal-q-witnesses", Field.POLICE: "journal-q-police"}
PROMPTS = {Field.WHEN: "journal-ask-date", Field.WHAT: "journal-ask-what",
           Field.INJURIES: "journal-ask-injuries", Field.WITNESSES: "journal-ask-witnesses"}
PROBLEMS = {Problem.EMPTY: "journal-problem-empty", Problem.TOO_LONG: "journal-problem-long",
            Problem.DATE_FORMAT: "journal-problem-date", Problem.DATE_FUTURE:
            "journal-problem-future", Problem.DATE_PAST: "journal-problem-past"}


def when_text(t: Translator, when: When) -> Markup:
    day = when.day.strftime("%d.%m.%Y")
    if when.time:
        return t("journal-when-at", day=day, time=when.time)
    if when.part:
        return t("journal-when-part", day=day, part=t(DAY_PARTS[when.part]))
    return t("journal-when-day", day=day)


def value_text(t: Translator, entry: Entry, field: Field) -> Markup | None:
    match field:
        case Field.WHEN:
            return when_text(t, entry.when) if entry.when else None
        case Field.PLACE:
            return t(PLACES[entry.place]) if entry.place else None
        case Field.POLICE:
            return t(POLICE[entry.police]) if entry.police else None
        case _:
            value = getattr(entry, {Field.WHAT: "what", Field.INJURIES: "injuries",
                                    Field.WITNESSES: "witnesses"}[field])
            return escape(value) if value else None


def entry_lines(t: Translator, entry: Entry) -> Markup:
    shown = []
    for field in STEPS:
        value = value_text(t, entry, field)
        if value is not None:
            shown.append(Markup("<b>{}</b> {}").format(t(FIELD_LABELS[field]), value))
    return lines(*shown) if shown else t("journal-entry-empty")


def overview_text(t: Translator, count: int, note: str | None = None) -> str:
    status = t("journal-count", count=count) if count else t("journal-none-yet")
    return lines(Markup("<b>{}</b>").format(t("journal-title")), "", t("journal-intro"), "",
                 status, t(note) if note else None)


def overview_keyboard(t: Translator, count: int, draft: Draft | None) -> InlineKeyboardMarkup:
    rows: list[Row] = []
    if draft is not None:
        rows.append([button(t("journal-btn-continue"), JournalGo(to=JournalScreen.DRAFT))])
    rows.append([button(t("journal-btn-new"), JournalGo(to=JournalScreen.NEW))])
    if count:
        rows.append([button(t("journal-btn-list", count=count),
                            JournalGo(to=JournalScreen.LIST))])
    return keyboards.screen(t, rows)


def full_text(t: Translator) -> str:
    return lines(t("journal-full", limit=ENTRIES_MAX), t("journal-full-hint"))


def draft_text(t: Translator, draft: Draft, note: Markup | str | None = None) -> str:
    title = (t("journal-edit-title", number=draft.number) if draft.number
             else t("journal-new-title"))
    return lines(Markup("<b>{}</b>").format(title), "", entry_lines(t, draft.entry), "",
                 t("journal-not-saved-yet"), note)


def draft_keyboard(t: Translator, draft: Draft) -> InlineKeyboardMarkup:
    entry = draft.entry
    fields = [button(f"{FILLED if entry.filled(f) else OPEN} {t(FIELD_BUTTONS[f])}",
                     JournalAsk(f=f)) for f in STEPS]
    rows: list[Row] = [fields[i:i + 2] for i in range(0, len(fields), 2)]
    rows.append([button(t("journal-btn-save"), JournalGo(to=JournalScreen.SAVE)),
                 button(t("journal-btn-discard"), JournalGo(to=JournalScreen.DISCARD))])
    return keyboards.screen(t, rows)


def step_text(t: Translator, draft: Draft, field: Field, problem: Markup | None = None) -> str:
    """A field's screen: its question, what it holds now, and a problem with an answer."""
    position = (t("journal-step", step=STEPS.index(field) + 1, total=len(STEPS))
                if draft.guided else None)
    question = t(QUESTIONS[field])
    if field == Field.WHEN and draft.day is not None:
        question = t("journal-q-part", day=_day(draft.day))
    current = value_text(t, draft.entry, field)
    now_holds = t("journal-now-holds", value=current) if current is not None else None
    typed = t(PROMPTS[field], limit=TYPED[field]) if field in TYPED else None
    return lines(position, Markup("<b>{}</b>").format(question), typed, now_holds, problem)


def date_prompt_text(t: Translator, problem: Markup | None = None) -> str:
    return lines(Markup("<b>{}</b>").format(t("journal-q-date")), t("journal-ask-date"), problem)


def _day(iso: str) -> str:
    return f"{iso[8:10]}.{iso[5:7]}.{iso[0:4]}"


def step_keyboard(t: Translator, draft: Draft, field: Field) -> InlineKeyboardMarkup:
    def choice(label: str, value: str) -> Any:
        return button(t(label), JournalSet(f=field, v=value))

    rows: list[Row] = []
    match field:
        case Field.WHEN if draft.day is not None:
            rows += [[choice(DAY_PARTS[p], p.value) for p in (DayPart.MORNING, DayPart.DAYTIME)],
                     [choice(DAY_PARTS[p], p.value) for p in (DayPart.EVENING, DayPart.NIGHT)],
                     [choice("journal-part-unknown", SKIP)]]
        case Field.WHEN:
            rows += [[choice("journal-when-now", WhenChoice.NOW)],
                     [choice("journal-when-today", WhenChoice.TODAY),
                      choice("journal-when-yesterday", WhenChoice.YESTERDAY)],
                     [choice("journal-when-other-day", WhenChoice.DAY)]]
        case Field.PLACE:
            places = [choice(label, place.value) for place, label in PLACES.items()]
            rows += [places[i:i + 2] for i in range(0, len(places), 2)]
        case Field.POLICE:
            rows.append([choice(label, value.value) for value, label in POLICE.items()])
    if draft.entry.filled(field) and not (field == Field.WHEN and draft.day is not None):
        rows.append([choice("journal-btn-clear", CLEAR)])
    last = [choice("journal-btn-skip", SKIP)] if draft.guided else []
    last.append(button(t("journal-btn-to-draft"), JournalGo(to=JournalScreen.DRAFT)))
    rows.append(last)
    if field in TYPED:  # a prompt: 🆘 must end the wait first, and no menu button
        return InlineKeyboardMarkup(inline_keyboard=[*rows, prompt_safety_row(t)])
    return keyboards.screen(t, rows)


def date_prompt_keyboard(t: Translator) -> InlineKeyboardMarkup:
    back = button(t("journal-btn-to-draft"), JournalGo(to=JournalScreen.DRAFT))
    return InlineKeyboardMarkup(inline_keyboard=[[back], prompt_safety_row(t)])


def prompt_safety_row(t: Translator) -> Row:
    """While waiting for a typed answer: 🆘 ends the wait first (its own press), then quick exit."""
    return [button(t("btn-sos"), JournalGo(to=JournalScreen.SOS)),
            button(t("btn-exit"), QuickExit())]


def receipt_text(t: Translator, stored: StoredEntry, edited: bool) -> str:
    receipt = t("journal-receipt-edited" if edited else "journal-receipt",
                number=stored.number, time=local_time(stored.stored_at),
                fingerprint=stored.fingerprint[:RECEIPT_CHARS])
    return lines(receipt, "", t("journal-receipt-hint"))


def after_save_keyboard(t: Translator, number: int) -> InlineKeyboardMarkup:
    rows: list[Row] = [[button(t("journal-btn-open", number=number),
                               JournalGo(to=JournalScreen.ENTRY, n=number))],
                       [button(t("journal-btn-new"), JournalGo(to=JournalScreen.NEW)),
                        button(t("journal-btn-back"), JournalGo(to=JournalScreen.OVERVIEW))]]
    return keyboards.screen(t, rows)


def list_text(t: Translator, entries: list[StoredEntry], page: int) -> str:
    pages = max(1, -(-len(entries) // PAGE))
    header = t("journal-list-title", count=len(entries))
    where = t("journal-list-page", page=page + 1, pages=pages) if pages > 1 else None
    return lines(Markup("<b>{}</b>").format(header), where, "", t("journal-list-hint"))


def list_keyboard(t: Translator, entries: list[StoredEntry], page: int) -> InlineKeyboardMarkup:
    newest_first = list(reversed(entries))
    shown = newest_first[page * PAGE:(page + 1) * PAGE]
    rows: list[Row] = [[button(entry_label(t, e), JournalGo(to=JournalScreen.ENTRY, n=e.number))]
                       for e in shown]
    turns: Row = []
    if page > 0:
        turns.append(button(t("journal-btn-newer"), JournalGo(to=JournalScreen.LIST, n=page - 1)))
    if (page + 1) * PAGE < len(entries):
        turns.append(button(t("journal-btn-older"), JournalGo(to=JournalScreen.LIST, n=page + 1)))
    if turns:
        rows.append(turns)
    rows.append([button(t("journal-btn-back"), JournalGo(to=JournalScreen.OVERVIEW))])
    return keyboards.screen(t, rows)


def entry_label(t: Translator, stored: StoredEntry) -> str:
    """A list button: the number, when it happened (or was stored) and where; no words."""
    entry = stored.entry
    day = (entry.when.day.strftime("%d.%m.%Y") if entry.when
           else datetime.fromtimestamp(stored.stored_at, ALMATY).strftime("%d.%m.%Y"))
    place = f" · {t(PLACES[entry.place])}" if entry.place else ""
    return f"№{stored.number} · {day}{place}"


def entry_text(t: Translator, stored: StoredEntry, note: Markup | str | None = None) -> str:
    return lines(Markup("<b>{}</b>").format(t("journal-entry-title", number=stored.number)), "",
                 entry_lines(t, stored.entry), "",
                 t("journal-stored-on", time=local_time(stored.stored_at)),
                 t("journal-fingerprint", fingerprint=stored.fingerprint), note)


def entry_keyboard(t: Translator, number: int) -> InlineKeyboardMarkup:
    rows: list[Row] = [[button(t("journal-btn-edit"), JournalGo(to=JournalScreen.EDIT, n=number)),
                        button(t("journal-btn-delete"),
                               JournalGo(to=JournalScreen.DELETE, n=number))],
                       [button(t("journal-btn-list-back"), JournalGo(to=JournalScreen.LIST))]]
    return keyboards.screen(t, rows)


def delete_keyboard(t: Translator, number: int) -> InlineKeyboardMarkup:
    rows: list[Row] = [[button(t("journal-btn-delete-yes"),
                               JournalGo(to=JournalScreen.DELETE_YES, n=number))],
                       [button(t("journal-btn-delete-no"),
                               JournalGo(to=JournalScreen.ENTRY, n=number))]]
    return keyboards.screen(t, rows)


def problem_text(t: Translator, problem: Problem, field: Field) -> Markup:
    return t(PROBLEMS[problem], limit=TYPED.get(field, 0))
