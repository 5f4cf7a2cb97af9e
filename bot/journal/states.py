"""The journal's dialog: its states, its buttons' data, the draft it keeps and the wait for a
typed answer; the screens are bot/journal/screens.py, the handlers bot/journal/router.py."""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup

from bot.kit import waits
from bot.kit.callbacks import Screen
from bot.kit.keys import JOURNAL_DRAFT_KEY, JOURNAL_WAIT_KEY
from dialogs.journal import (
    Entry,
    Field,
)

SCREEN = Screen.JOURNAL
PAGE = 8  # entries a page of the list shows


class Journal(StatesGroup):
    typing = State()  # waiting for a typed answer; which field: FSM data JOURNAL_WAIT_KEY
    password = State()  # waiting for the export's password (bot/journal/export.py)


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
    FILES = "f"  # n: send the entry's attachments back into the chat
    SHARE = "p"  # choose entries to share with the person's social defender
    SHARE_PREVIEW = "v"  # exactly what goes, before it goes
    SHARE_SEND = "g"
    EXPORT = "z"  # the whole journal as one file: the warning first
    EXPORT_PLAIN = "zp"
    EXPORT_PASSWORD = "zw"  # noqa: S105 (a screen, not a password)


class JournalGo(CallbackData, prefix="jn"):
    to: JournalScreen
    n: int = 0


class JournalAsk(CallbackData, prefix="jf"):
    """Open a field's screen (a typed field: wait for the answer)."""

    f: Field


class JournalPick(CallbackData, prefix="jk"):
    """Choose (or unchoose) entry `n`, to share (m "s") or for a draft document (m "d")."""

    n: int
    m: str = "s"


class DocStep(StrEnum):
    KIND = "k"  # which document
    LANGUAGE = "l"
    ENTRIES = "e"
    PREVIEW = "v"
    TO_DEFENDER = "s"  # the PDF into the case's topic
    HERE = "h"  # the PDF into this chat


class JournalDoc(CallbackData, prefix="jd"):
    """A step of making a draft document; `k` the kind, `l` its language once chosen."""

    a: DocStep
    k: str = ""
    l: str = ""  # noqa: E741


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
    # names the attachments sent while this draft is written (storage.journal_files)
    token: str = dataclasses.field(default_factory=lambda: secrets.token_hex(8))

    def to_data(self) -> dict[str, Any]:
        return {"e": self.entry.to_data(), "n": self.number, "g": self.guided, "d": self.day,
                "k": self.token}

    @classmethod
    def from_data(cls, data: object) -> Draft | None:
        if not isinstance(data, Mapping):
            return None
        number, day, token = data.get("n"), data.get("d"), data.get("k")
        if not isinstance(token, str) or not token.isalnum() or len(token) > 32:
            return None
        return cls(Entry.from_data(data.get("e")), number if isinstance(number, int) else 0,
                   data.get("g") is True, day if isinstance(day, str) else None, token)


async def load_draft(state: FSMContext) -> Draft | None:
    return Draft.from_data((await state.get_data()).get(JOURNAL_DRAFT_KEY))


async def keep_draft(state: FSMContext, draft: Draft | None) -> None:
    if draft is None:
        data = dict(await state.get_data())
        if data.pop(JOURNAL_DRAFT_KEY, None) is not None:
            await state.set_data(data)
        return
    await state.update_data({JOURNAL_DRAFT_KEY: draft.to_data()})


class Wait(waits.Wait[Field]):
    TAG, KIND = "f", Field  # the field the answer is for (WHEN: a typed date)


WAITS = waits.Waits(Wait, Journal.typing, JOURNAL_WAIT_KEY)
waiting, stop_waiting, start_waiting = WAITS.waiting, WAITS.stop, WAITS.start


# -- the PIN's buttons (bot/journal/lock.py) ---------------------------------------------------
class PadFor(StrEnum):
    OPEN = "o"  # the PIN, to open what it guards
    NEW = "n"  # a new PIN, first time
    AGAIN = "a"  # the new PIN again


class PinKey(CallbackData, prefix="pk"):
    p: PadFor
    k: str  # a digit, "b" (take one back) or "ok"


class LockScreen(StrEnum):
    SET = "s"
    REMOVE = "r"
    REMOVE_YES = "ry"
    FORGOT = "f"
    ERASE_YES = "ey"


class LockGo(CallbackData, prefix="pl"):
    to: LockScreen
