"""The journal's PIN (issue #26): set by the person (4-8 digits, twice), asked on a keypad of
buttons (nothing typed stays in the chat) before the journal, the safety plan or /mydata opens;
open for OPEN_SECONDS after the last action behind it, closed by a quick exit; 5 wrong tries
lock it for 15 minutes; forgotten, it goes only with the journal it guards.

`PinDoor` stands before those features' routers (the composition root, bot/tree.py, puts it
there: features never import one another). It stops presses and commands, not typed answers:
a prompt that waits was opened behind the PIN, and its handler checks the answer is still its
own. The rules are dialogs.journal_lock, the hash storage.journal_locks."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from aiogram import BaseMiddleware, Router
from aiogram.dispatcher.flags import get_flag
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, TelegramObject
from aiogram.utils.callback_answer import CallbackAnswer
from markupsafe import Markup

from bot.journal.here import Here, show_overview
from bot.journal.screens import lines
from bot.journal.states import LockGo, LockScreen, PadFor, PinKey
from bot.kit import keyboards
from bot.kit.callbacks import Go, Screen
from bot.kit.context import bundle
from bot.kit.i18n import Translator
from bot.kit.keyboards import Row, button
from bot.kit.keys import PIN_ENTRY_KEY, PIN_FIRST_KEY, PIN_OPEN_KEY, PIN_THEN_KEY
from bot.kit.show import show
from dialogs.clock import ALMATY
from dialogs.journal_lock import OPEN_SECONDS, PIN_MAX, PIN_MIN, open_now, pin_problem, typed_digit
from storage.journal_locks import JournalLocksRepo, LockState

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


# -- the door -----------------------------------------------------------------------------------
class PinDoor(BaseMiddleware):
    """Before a router whose screens the PIN guards: `destination` is where the person goes
    once the PIN is given."""

    def __init__(self, destination: Screen) -> None:
        self.destination = destination

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if isinstance(event, Message) and not (event.text or "").startswith("/"):
            return await handler(event, data)
        if get_flag(data, "pin_free"):  # 🆘 on a prompt: the numbers, never a PIN first
            return await handler(event, data)
        state: FSMContext = data["state"]
        stored = await state.get_data()
        if open_now(stored.get(PIN_OPEN_KEY), time.time()):
            await state.update_data({PIN_OPEN_KEY: int(time.time()) + OPEN_SECONDS})
            return await handler(event, data)
        locks: JournalLocksRepo = data["journal_locks"]
        lock = await locks.state(data["event_from_user"].id)
        if not lock.set:
            return await handler(event, data)
        await state.update_data({PIN_THEN_KEY: self.destination.value, PIN_ENTRY_KEY: ""})
        t = data["screens"].t
        if isinstance(event, Message | CallbackQuery):
            await show(event, pad_text(t, PadFor.OPEN, "", lock), pad_keyboard(t, PadFor.OPEN))
        return None


def guard(router: Router, destination: Screen) -> Router:
    door = PinDoor(destination)
    router.message.middleware(door)
    router.callback_query.middleware(door)
    return router


# -- screens ------------------------------------------------------------------------------------
def dots(entered: str) -> str:
    return " ".join("●" for _ in entered) + " " + " ".join("○" for _ in
                                                         range(PIN_MAX - len(entered)))


def pad_text(t: Translator, pad: PadFor, entered: str, lock: LockState | None = None,
             note: Markup | None = None) -> str:
    title = {PadFor.OPEN: "pin-enter", PadFor.NEW: "pin-new", PadFor.AGAIN: "pin-again"}[pad]
    locked = None
    if lock is not None and lock.locked_until:
        until = datetime.fromtimestamp(lock.locked_until, ALMATY).strftime("%H:%M")
        locked = t("pin-locked", time=until)
    hint = t("pin-new-hint", low=PIN_MIN, high=PIN_MAX) if pad == PadFor.NEW else None
    return lines(Markup("<b>{}</b>").format(t(title)), hint, "", Markup("<code>{}</code>").format(
        dots(entered).strip()), note, locked)


def pad_keyboard(t: Translator, pad: PadFor) -> InlineKeyboardMarkup:
    def key(label: str, value: str) -> Any:
        return button(label, PinKey(p=pad, k=value))

    rows: list[Row] = [[key(str(d), str(d)) for d in range(r, r + 3)] for r in (1, 4, 7)]
    rows.append([key("⌫", "b"), key("0", "0"), key("✅", "ok")])
    if pad == PadFor.OPEN:
        rows.append([button(t("pin-btn-forgot"), LockGo(to=LockScreen.FORGOT))])
    return keyboards.screen(t, rows)


# -- handlers -----------------------------------------------------------------------------------
async def on_key(query: CallbackQuery, callback_data: PinKey, here: Here,
                 callback_answer: CallbackAnswer) -> None:
    t, state, pad, locks = here.t, here.state, callback_data.p, here.locks
    stored = await state.get_data()
    entered = str(stored.get(PIN_ENTRY_KEY) or "")
    if callback_data.k != "ok":
        entered = typed_digit(entered, callback_data.k)
        await state.update_data({PIN_ENTRY_KEY: entered})
        await show(query, pad_text(t, pad, entered), pad_keyboard(t, pad))
        return
    if pad != PadFor.OPEN and pin_problem(entered) is not None:  # kept: one more digit
        callback_answer.text = str(t("pin-short", low=PIN_MIN))
        await show(query, pad_text(t, pad, entered), pad_keyboard(t, pad))
        return
    await state.update_data({PIN_ENTRY_KEY: ""})
    if pad == PadFor.OPEN:
        outcome = await locks.check(here.person, entered)
        if outcome is not None:
            note = t("pin-wrong", left=outcome.tries_left) if outcome.tries_left else None
            await show(query, pad_text(t, pad, "", outcome, note), pad_keyboard(t, pad))
            return
        await opened(query, here, stored.get(PIN_THEN_KEY))
        return
    if pad == PadFor.NEW:
        await state.update_data({PIN_FIRST_KEY: entered})
        await show(query, pad_text(t, PadFor.AGAIN, ""), pad_keyboard(t, PadFor.AGAIN))
        return
    first = stored.get(PIN_FIRST_KEY)
    await state.update_data({PIN_FIRST_KEY: None})
    if entered != first:
        await show(query, pad_text(t, PadFor.NEW, "", note=t("pin-mismatch")),
                   pad_keyboard(t, PadFor.NEW))
        return
    await locks.set_pin(here.person, entered)
    await state.update_data({PIN_OPEN_KEY: int(time.time()) + OPEN_SECONDS})
    await show_overview(query, here, note="pin-set")


async def opened(query: CallbackQuery, here: Here, then: object) -> None:
    """The PIN given: open for a while, and on to where the person was going."""
    await here.state.update_data({PIN_OPEN_KEY: int(time.time()) + OPEN_SECONDS,
                                  PIN_THEN_KEY: None})
    if then == Screen.JOURNAL.value or then not in Screen.__members__.values():
        await show_overview(query, here, note="pin-opened")
        return
    t = here.t
    rows: list[Row] = [[button(t("pin-btn-continue"), Go(to=Screen(then)))]]
    await show(query, t("pin-opened"), keyboards.screen(t, rows))


async def on_lock(query: CallbackQuery, callback_data: LockGo, here: Here) -> None:
    t, locks = here.t, here.locks
    match callback_data.to:
        case LockScreen.SET:
            await here.state.update_data({PIN_ENTRY_KEY: "", PIN_FIRST_KEY: None})
            await show(query, pad_text(t, PadFor.NEW, ""), pad_keyboard(t, PadFor.NEW))
        case LockScreen.REMOVE:
            rows: list[Row] = [[button(t("pin-btn-remove-yes"), LockGo(to=LockScreen.REMOVE_YES))],
                               [button(t("journal-btn-back"), Go(to=Screen.JOURNAL))]]
            await show(query, t("pin-remove-confirm"), keyboards.screen(t, rows))
        case LockScreen.REMOVE_YES if open_now((await here.state.get_data()).get(PIN_OPEN_KEY),
                                               time.time()):
            await locks.forget(here.person)
            await show_overview(query, here, note="pin-removed")
        case LockScreen.FORGOT:
            rows = [[button(t("pin-btn-erase"), LockGo(to=LockScreen.ERASE_YES))],
                    [button(t("pin-btn-try-again"), Go(to=Screen.JOURNAL))]]
            await show(query, t("pin-forgot"), keyboards.screen(t, rows))
        case LockScreen.ERASE_YES:
            await here.repo.forget(here.person)
            await here.files.repo.forget(here.person)
            await locks.forget(here.person)
            await show_overview(query, here, note="pin-erased")
        case _:  # removing the PIN when it is not open: an older screen, or a forged press
            await show(query, pad_text(t, PadFor.OPEN, ""), pad_keyboard(t, PadFor.OPEN))


def make_router() -> Router:
    """The keypad and the PIN's own screens: not behind the door, which they open."""
    router = Router(name="journal_lock")
    router.callback_query.register(on_key, PinKey.filter())
    router.callback_query.register(on_lock, LockGo.filter())
    return bundle(router, "here", Here.of)

