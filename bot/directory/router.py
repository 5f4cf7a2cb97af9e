"""Where to get help: the directory of organisations by region (the national lines first), or
the nearest to a location the person shares.

A shared location is used once, to sort the list, in this update only: it is not written to
the dialog's data or anywhere else, not logged, and the person's location message is deleted
with the "share" prompt once the list is shown. While the "send my location" keyboard is out,
the dialog's data holds the ids of two messages (the prompt and the screen), nothing more;
the dialog's state is left as it was (a check under way stays under way).

The entries come from storage.directory (the file NGO staff import, docs/DIRECTORY.md); the
rules from dialogs.directory. One screen, edited in place; long lists are paged.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from markupsafe import escape

from bot.kit import keyboards
from bot.kit.callbacks import Go
from bot.kit.i18n import Translator
from bot.kit.keyboards import Row, button
from bot.kit.show import Event, show
from bot.kit.text import TEXT_LIMIT, utf16_len
from dialogs.directory import (
    KIND_LABELS,
    LANGUAGE_LABELS,
    ROUND_THE_CLOCK,
    Entry,
)
from dialogs.directory_choice import Near, nearest, paginate
from dialogs.handoff import PLACES
from storage.directory import DirectoryRepo

log = logging.getLogger(__name__)

COMMAND = "directory"
COMMANDS = {COMMAND: "cmd-directory"}  # for bot/commands.py's COMMANDS (the menu of commands)
SCREEN = "directory"  # Go(to=Screen.DIRECTORY) reaches the picker once the menu has it
KEY = "directory"  # FSM data while the location keyboard is out: {"prompt": id, "screen": id}
NEAREST_SHOWN = 10


class DirAction(StrEnum):
    PICK = "p"  # the region picker
    NEAR = "n"  # ask for the location


class DirPress(CallbackData, prefix="dil"):
    act: DirAction


class DirPage(CallbackData, prefix="dir"):
    r: str  # a region id of PLACES
    p: int = 0  # the page, from 0


# -- texts ---------------------------------------------------------------------------------------
def km_text(km: float, locale: str) -> str:
    """0,4 · 12 · 970: one decimal under 10 km (a comma in Kazakh and Russian)."""
    text = f"{km:.1f}" if km < 10 else f"{km:.0f}"
    return text.replace(".", ",") if locale in ("kk", "ru") else text


def entry_text(t: Translator, entry: Entry, km: float | None = None) -> str:
    """One organisation: its name in the reader's language, the number as plain text (a phone
    makes it a link), hours, languages, kinds of service, the note, the distance."""
    locale = t.locale
    lines = [f"<b>{escape(entry.name(locale))}</b>", f"📞 {escape(entry.phone)}"]
    if entry.hours:
        hours = t("dir-hours-always") if entry.hours == ROUND_THE_CLOCK else entry.hours
        lines.append(t("dir-entry-hours", hours=hours))
    if entry.languages:
        names = ", ".join(str(t(LANGUAGE_LABELS[x])) for x in entry.languages)
        lines.append(t("dir-entry-languages", language=names))
    if entry.kinds:
        kinds = ", ".join(str(t(KIND_LABELS[k])) for k in entry.kinds)
        lines.append(t("dir-entry-kinds", kind=kinds))
    if entry.note(locale):
        lines.append(f"<i>{escape(entry.note(locale))}</i>")
    if km is not None:
        lines.append(t("dir-entry-distance", number=km_text(km, locale)))
    return "\n".join(str(line) for line in lines)


def _grouped(t: Translator, items: Sequence[tuple[str, str]]) -> str:
    """Entries under their group's heading; a heading again where a group goes on."""
    parts: list[str] = []
    group = None
    for heading, text in items:
        if heading != group:
            parts.append(f"<u>{heading}</u>")
            group = heading
        parts.append(text)
    return "\n\n".join(parts)


def region_pages(t: Translator, region: str, entries: Sequence[Entry],
                 limit: int = TEXT_LIMIT) -> list[str]:
    """The region's screen, in pages within Telegram's limit: national lines, then the
    region's own (or a line saying there are none yet)."""
    place = t(f"region-{region}")
    national = str(t("dir-heading-national"))
    local = str(t("dir-heading-local"))
    items = [(national if e.national else local, entry_text(t, e)) for e in entries]
    if not any(not e.national for e in entries):
        items.append((local, str(t("dir-region-none"))))
    title = str(t("dir-region-title", name=place))
    footer = str(t("dir-page", number=99, total=99))
    budget = limit - utf16_len(title) - utf16_len(footer) - 200  # headings and breaks
    groups = paginate([utf16_len(text) for _, text in items], budget)
    pages = []
    for number, indexes in enumerate(groups, start=1):
        body = _grouped(t, [items[i] for i in indexes])
        page = f"{title}\n\n{body}"
        if len(groups) > 1:
            page += f"\n\n{t('dir-page', number=number, total=len(groups))}"
        pages.append(page)
    return pages


def nearest_text(t: Translator, national: Sequence[Entry], near: Sequence[Near],
                 limit: int = TEXT_LIMIT) -> str:
    """The national lines, then the nearest organisations with their distance, as many as
    fit in one message (a location is not kept, so there is no next page): the farthest
    go first, then, if it must be, the last national lines."""
    head = [(str(t("dir-heading-national")), entry_text(t, e)) for e in national]
    nearby = str(t("dir-heading-near"))
    found = [(nearby, entry_text(t, n.entry, n.km)) for n in near] or \
        [(nearby, str(t("dir-near-none")))]
    title = str(t("dir-near-title"))
    text = f"{title}\n\n{_grouped(t, head + found)}"
    while utf16_len(text) > limit and len(head) + len(found) > 1:
        if len(found) > 1 or not head:
            found = found[:-1]
        else:
            head = head[:-1]
        text = f"{title}\n\n{_grouped(t, head + found)}"
    return text


def picker_text(t: Translator) -> str:
    return str(t("dir-title"))


# -- keyboards -----------------------------------------------------------------------------------
def picker_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """"Nearest to me", then the three cities (most people live there) and the 17 regions,
    two a row."""
    buttons = [button(t(f"region-{p}"), DirPage(r=p)) for p in PLACES]
    rows: list[Row] = [[button(t("btn-dir-near"), DirPress(act=DirAction.NEAR))]]
    rows += [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    return keyboards.screen(t, rows)


def region_keyboard(t: Translator, region: str, page: int, pages: int) -> InlineKeyboardMarkup:
    nav: Row = []
    if page > 0:
        nav.append(button(t("btn-prev"), DirPage(r=region, p=page - 1)))
    if page + 1 < pages:
        nav.append(button(t("btn-next"), DirPage(r=region, p=page + 1)))
    return keyboards.screen(t, [nav, [button(t("btn-dir-regions"), DirPress(act=DirAction.PICK)),
                                      button(t("btn-dir-near"), DirPress(act=DirAction.NEAR))]])


def waiting_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return keyboards.screen(t, [[button(t("btn-directory"), DirPress(act=DirAction.PICK))]],
                            menu=False)


def nearest_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return keyboards.screen(t, [[button(t("btn-dir-regions"), DirPress(act=DirAction.PICK))]])


def share_keyboard(t: Translator) -> ReplyKeyboardMarkup:
    """Telegram asks the person and sends their location; one tap, nothing to type."""
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=str(t("btn-dir-send-location")), request_location=True)]],
        resize_keyboard=True, one_time_keyboard=True)


# -- the location keyboard -------------------------------------------------------------------
async def _waiting(state: FSMContext) -> dict[str, Any] | None:
    wait = (await state.get_data()).get(KEY)
    return wait if isinstance(wait, dict) and isinstance(wait.get("prompt"), int) else None


async def _stop_waiting(state: FSMContext, bot: Bot, chat_id: int, t: Translator,
                        also: Sequence[int] = ()) -> None:
    """Take the location keyboard away (only a message that says so removes it) and delete
    that message at once, with the prompt and `also`."""
    wait = await _waiting(state)
    if wait is None:
        if also:
            await _delete(bot, chat_id, list(also))
        return
    data = await state.get_data()
    data.pop(KEY, None)
    await state.set_data(data)
    removal = await bot.send_message(chat_id, t("dir-location-closed"),
                                     reply_markup=ReplyKeyboardRemove())
    await _delete(bot, chat_id, [wait["prompt"], removal.message_id, *also])


async def _delete(bot: Bot, chat_id: int, ids: list[int]) -> None:
    try:
        await bot.delete_messages(chat_id, ids)
    except TelegramAPIError as exc:  # too old or gone already
        log.info("directory: could not delete messages (%s)", exc)


async def waiting_for_location(message: Message, state: FSMContext) -> bool:
    """A location while the directory's keyboard is out (async: no thread hop)."""
    return message.location is not None and await _waiting(state) is not None


# -- handlers --------------------------------------------------------------------------------------
def _chat(event: Event) -> int:
    return event.from_user.id  # type: ignore[union-attr]  # private chats: always a sender


async def on_open(event: Event, t: Translator, state: FSMContext, bot: Bot) -> None:
    await _stop_waiting(state, bot, _chat(event), t)
    await show(event, picker_text(t), picker_keyboard(t))


async def on_region(query: CallbackQuery, callback_data: DirPage, t: Translator,
                    state: FSMContext, directory: DirectoryRepo) -> None:
    bot, region = query.bot, callback_data.r
    assert bot is not None
    if region not in PLACES:  # forged or from an older list of regions
        await on_open(query, t, state, bot)
        return
    await _stop_waiting(state, bot, _chat(query), t)
    pages = region_pages(t, region, await directory.region(region))
    page = min(max(callback_data.p, 0), len(pages) - 1)
    await show(query, pages[page], region_keyboard(t, region, page, len(pages)))


async def on_near(query: CallbackQuery, t: Translator, state: FSMContext, bot: Bot) -> None:
    chat_id = _chat(query)
    await _stop_waiting(state, bot, chat_id, t)  # pressed twice: one keyboard, not two
    await show(query, t("dir-location-ask"), waiting_keyboard(t))
    screen = query.message.message_id if isinstance(query.message, Message) else None
    prompt = await bot.send_message(chat_id, t("dir-location-button"),
                                    reply_markup=share_keyboard(t))
    await state.update_data({KEY: {"prompt": prompt.message_id, "screen": screen}})


async def on_location(message: Message, t: Translator, state: FSMContext, bot: Bot,
                      directory: DirectoryRepo) -> None:
    """Sort by distance from the point, once; then forget it and delete the message."""
    wait = await _waiting(state) or {}
    point = message.location
    assert point is not None  # the filter saw it
    repo = directory
    near = nearest(await repo.located(), point.latitude, point.longitude, NEAREST_SHOWN)
    text = nearest_text(t, await repo.national(), near)
    await _stop_waiting(state, bot, message.chat.id, t, also=[message.message_id])
    markup = nearest_keyboard(t)
    screen = wait.get("screen")
    if isinstance(screen, int):
        try:
            await bot.edit_message_text(text, chat_id=message.chat.id, message_id=screen,
                                        reply_markup=markup)
            return
        except TelegramBadRequest as exc:  # too old to edit, or deleted: send it anew
            log.info("directory: could not edit the screen (%s)", exc)
    await bot.send_message(message.chat.id, text, reply_markup=markup)


def make_router() -> Router:
    router = Router(name="directory")
    router.message.register(on_open, Command(COMMAND))
    router.callback_query.register(on_open, DirPress.filter(F.act == DirAction.PICK))
    router.callback_query.register(on_open, Go.filter(F.to == SCREEN))
    router.callback_query.register(on_region, DirPage.filter())
    router.callback_query.register(on_near, DirPress.filter(F.act == DirAction.NEAR))
    router.message.register(on_location, waiting_for_location)
    return router

