"""The evidence journal (/journal, issue #26): a person records what happened, at their own
pace, in entries stored sealed off the phone (storage.journal), each with a receipt: its
number, the server's time and the first characters of its SHA-256 fingerprint.

One screen, edited in place. A new entry is guided field by field (when, where, what
happened, injuries, witnesses, files, the police), each skippable; the draft lives in the
dialog (sealed like the rest of it) until the person presses Save, and quick exit drops it. A
typed answer is taken while the bot waits for it (Journal.typing, bot.kit.waits: only while the
prompt is the last thing in the chat) and deleted from the chat as soon as it is taken, so the
phone shows none of it; a message that is not the answer goes on to the routers after this
one. Entries can be listed, opened, edited (stored anew: a new time and fingerprint) and
deleted; /forget erases them all.

Beside this module: attach.py (files as sent; files.py downloads them), share.py (to the
defender, by consent), drafting.py and document.py (the draft statement or protective-order
request), export.py (the whole journal as a zip), lock.py (the PIN). The rules (fields,
limits, dates, the fingerprint) are dialogs.journal; this is the wiring.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, StateFilter
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.journal.attach import send_back, take_attachment
from bot.journal.drafting import on_doc, on_doc_pick
from bot.journal.export import on_export, on_password
from bot.journal.here import Here, Target, advance, ask_date, show_draft, show_overview, show_step
from bot.journal.screens import (
    after_save_keyboard,
    delete_keyboard,
    entry_keyboard,
    entry_text,
    full_text,
    lines,
    list_keyboard,
    list_text,
    overview_keyboard,
    problem_text,
    receipt_text,
)
from bot.journal.share import on_pick, on_share
from bot.journal.states import (
    CLEAR,
    PAGE,
    SCREEN,
    SKIP,
    Draft,
    Journal,
    JournalAsk,
    JournalDoc,
    JournalGo,
    JournalPick,
    JournalScreen,
    JournalSet,
    WhenChoice,
    keep_draft,
    load_draft,
    stop_waiting,
    waiting,
)
from bot.kit.callbacks import Go
from bot.kit.context import bundle
from bot.kit.keys import PIN_FREE
from bot.kit.show import Event, delete_typed, show
from bot.kit.waits import answers_prompt
from dialogs import journal as rules
from dialogs.journal import ENTRIES_MAX, NUMBER_MAX, TYPED, DayPart, Field, Place, Police, When
from storage.db import now

# /journal, in the menu of commands (bot/commands.py); the menu's button is Go(to=Screen.JOURNAL).
COMMAND, COMMAND_DESCRIPTION = "journal", "cmd-journal"


# -- handlers -----------------------------------------------------------------------------------
async def on_open(event: Event, here: Here) -> None:
    await stop_waiting(here.state, here.raw_state)
    draft = await load_draft(here.state)  # attachments of a draft that is gone go too
    await here.files.repo.drop_drafts(here.person, draft.token if draft else None)
    await show_overview(event, here)


async def on_go(query: CallbackQuery, callback_data: JournalGo, here: Here,
                callback_answer: CallbackAnswer) -> None:
    await stop_waiting(here.state, here.raw_state)
    here.raw_state = await here.state.get_state()
    t, number, target = here.t, callback_data.n, Target(query)
    draft = await load_draft(here.state)
    if not 0 <= number <= NUMBER_MAX:  # forged: no entry has it (nor fits in a database)
        callback_answer.text = str(t("stale-button"))
        await show_overview(query, here)
        return
    match callback_data.to:
        case JournalScreen.OVERVIEW:
            await show_overview(query, here)
        case JournalScreen.NEW:
            if await here.repo.count(here.person) >= ENTRIES_MAX:
                await show(query, full_text(t), overview_keyboard(t, ENTRIES_MAX, draft))
            else:
                # "when" is now unless the person says otherwise (a step like the others)
                entry = rules.Entry(when=rules.now_when(now()))
                await show_step(target, here, Draft(entry, guided=True), Field.WHEN)
        case JournalScreen.DRAFT if draft is not None:
            await show_draft(target, here, replace(draft, day=None, guided=False))
        case JournalScreen.SAVE if draft is not None:
            await save(query, here, draft)
        case JournalScreen.DISCARD:
            await keep_draft(here.state, None)
            await here.files.repo.drop_drafts(here.person)
            await show_overview(query, here, note="journal-discarded")
        case JournalScreen.LIST:
            await show_list(query, here, number)
        case (JournalScreen.ENTRY | JournalScreen.EDIT | JournalScreen.DELETE
              | JournalScreen.FILES):
            stored = await here.repo.get(here.person, number)
            files = await here.files.repo.of_entry(here.person, number) if stored else []
            if stored is None:  # deleted meanwhile, or a forged number: never anyone else's
                callback_answer.text = str(t("stale-button"))
                await show_list(query, here, 0)
            elif callback_data.to == JournalScreen.EDIT:
                await here.files.repo.drop_drafts(here.person)
                await show_draft(target, here, Draft(stored.entry, number=number))
            elif callback_data.to == JournalScreen.DELETE:
                await show(query, entry_text(t, stored, files, t("journal-delete-confirm")),
                           delete_keyboard(t, number))
            elif callback_data.to == JournalScreen.FILES:
                await send_back(query, here, files)
            else:
                await show(query, entry_text(t, stored, files),
                           entry_keyboard(t, number, len(files)))
        case JournalScreen.DELETE_YES:
            await here.repo.delete(here.person, number)
            await here.files.repo.delete_entry(here.person, number)
            if draft is not None and draft.number == number:
                await keep_draft(here.state, None)
            await show_overview(query, here, note="journal-deleted")
        case JournalScreen.SHARE | JournalScreen.SHARE_PREVIEW | JournalScreen.SHARE_SEND:
            await on_share(query, callback_data.to, here, callback_answer)
        case JournalScreen.EXPORT | JournalScreen.EXPORT_PLAIN | JournalScreen.EXPORT_PASSWORD:
            await on_export(query, callback_data.to, here)
        case _:  # a draft that is gone (saved, discarded, a quick exit): an older screen
            callback_answer.text = str(t("stale-button"))
            await show_overview(query, here)


async def on_sos(query: CallbackQuery, here: Here) -> None:
    """🆘 on a prompt: the waiting ends, the numbers show (before any PIN: PIN_FREE)."""
    await stop_waiting(here.state, here.raw_state)
    await here.screens.numbers(query)


async def show_list(event: Event, here: Here, page: int) -> None:
    entries = await here.repo.entries(here.person)
    if not entries:
        await show_overview(event, here)
        return
    page = min(max(page, 0), (len(entries) - 1) // PAGE)
    await show(event, list_text(here.t, entries, page), list_keyboard(here.t, entries, page))


async def save(query: CallbackQuery, here: Here, draft: Draft) -> None:
    t = here.t
    files = await here.draft_files(draft)
    if not draft.entry.says_something and not files:
        await show_draft(Target(query), here, draft, t("journal-say-something"))
        return
    unique = tuple(f.unique_id for f in files)
    editing = draft.number and await here.repo.get(here.person, draft.number) is not None
    if editing:
        stored = await here.repo.replace(here.person, draft.number, draft.entry, unique)
    elif await here.repo.count(here.person) >= ENTRIES_MAX:
        await show_draft(Target(query), here, draft, full_text(t))
        return
    else:
        stored = await here.repo.add(here.person, draft.entry, unique)
    await here.files.repo.attach(here.person, draft.token, stored.number)
    await keep_draft(here.state, None)
    await show(query, receipt_text(t, stored, bool(editing), len(files)),
               after_save_keyboard(t, stored.number))


async def on_ask(query: CallbackQuery, callback_data: JournalAsk, here: Here,
                 callback_answer: CallbackAnswer) -> None:
    draft = await load_draft(here.state)
    if draft is None:
        await stop_waiting(here.state, here.raw_state)
        callback_answer.text = str(here.t("stale-button"))
        await show_overview(query, here)
        return
    if callback_data.f not in TYPED:
        await stop_waiting(here.state, here.raw_state)
        here.raw_state = await here.state.get_state()
    await show_step(Target(query), here, replace(draft, day=None), callback_data.f)


async def on_set(query: CallbackQuery, callback_data: JournalSet, here: Here,
                 callback_answer: CallbackAnswer) -> None:
    await stop_waiting(here.state, here.raw_state)
    here.raw_state = await here.state.get_state()
    draft = await load_draft(here.state)
    field, value, target = callback_data.f, callback_data.v, Target(query)
    if draft is None:
        callback_answer.text = str(here.t("stale-button"))
        await show_overview(query, here)
        return
    entry = draft.entry
    if value == SKIP:
        if field == Field.WHEN and draft.day is not None:  # a day, its part unknown
            entry = entry.with_value(field, When(date.fromisoformat(draft.day)))
        await advance(target, here, replace(draft, entry=entry), field)
        return
    if value == CLEAR:
        await show_draft(target, here, replace(draft, entry=entry.with_value(field, None),
                                               day=None, guided=False))
        return
    chosen = choice(field, value, draft)
    if chosen is None:  # a value this field does not have: forged, or an older screen
        callback_answer.text = str(here.t("stale-button"))
        await show_draft(target, here, replace(draft, day=None, guided=False))
    elif chosen == WhenChoice.DAY:
        await keep_draft(here.state, replace(draft, day=None))
        await ask_date(target, here)
    elif isinstance(chosen, date):  # today or yesterday: its part of the day next
        await show_step(target, here, replace(draft, day=chosen.isoformat()), Field.WHEN)
    else:
        await advance(target, here, replace(draft, entry=entry.with_value(field, chosen)), field)


def choice(field: Field, value: str, draft: Draft) -> object | None:
    """The value a button sets; a day (its part to ask next) or WhenChoice.DAY (a date to
    type); None for a value the field does not have."""
    try:
        match field:
            case Field.PLACE:
                return Place(value)
            case Field.POLICE:
                return Police(value)
            case Field.WHEN if draft.day is not None:
                return When(date.fromisoformat(draft.day), DayPart(value))
            case Field.WHEN:
                when = WhenChoice(value)
                if when == WhenChoice.NOW:
                    return rules.now_when(now())
                if when == WhenChoice.DAY:
                    return WhenChoice.DAY
                return rules.day_of(now(), 0 if when == WhenChoice.TODAY else 1)
    except ValueError:
        return None
    return None


async def on_typed(message: Message, here: Here) -> None:
    """A message while a prompt waits: the answer, taken and deleted; or something else (the
    prompt is no longer the last thing in the chat, a command), passed on."""
    state, raw_state, t = here.state, here.raw_state, here.t
    wait = await waiting(state, raw_state)
    draft = await load_draft(state)
    text = message.text
    if (wait is None or draft is None or (text or "").startswith("/")
            or not answers_prompt(wait.since, wait.last, message.message_id,
                                  await here.chat_log.deletable(message.chat.id), now())):
        await stop_waiting(state, raw_state)
        raise SkipHandler  # the routers after this one take it (a case's relay, the menu)
    target = Target(None, message.chat.id, wait.screen)
    field = wait.key
    if field == Field.MEDIA:
        await take_attachment(message, here, draft, target)
        return
    taken = (rules.parse_day(text or "", now()) if field == Field.WHEN
             else rules.take_typed(field, text))
    if isinstance(taken, rules.Problem):  # or a sticker, a photo, a voice message
        problem = problem_text(t, taken, field)
        if text and not await delete_typed(here.bot, message):
            problem = lines(problem, t("journal-not-deleted"))
        if field == Field.WHEN:
            await ask_date(target, here, problem)
        else:
            await show_step(target, here, draft, field, problem)
        return
    deleted = await delete_typed(here.bot, message)
    await stop_waiting(state, raw_state)
    here.raw_state = await state.get_state()
    note = None if deleted else t("journal-not-deleted")
    if isinstance(taken, date):
        await show_step(target, here, replace(draft, day=taken.isoformat()), Field.WHEN, note)
    else:
        await advance(target, here, replace(draft, entry=draft.entry.with_value(field, taken)),
                      field, note)


def make_router() -> Router:
    router = Router(name="journal")
    router.message.register(on_open, Command(COMMAND))
    router.callback_query.register(on_open, Go.filter(F.to == SCREEN))
    router.callback_query.register(on_sos, JournalGo.filter(F.to == JournalScreen.SOS),
                                   flags=PIN_FREE)
    router.callback_query.register(on_go, JournalGo.filter())
    router.callback_query.register(on_ask, JournalAsk.filter())
    router.callback_query.register(on_set, JournalSet.filter())
    router.callback_query.register(on_pick, JournalPick.filter(F.m == "s"))
    router.callback_query.register(on_doc_pick, JournalPick.filter(F.m == "d"))
    router.callback_query.register(on_doc, JournalDoc.filter())
    router.message.register(on_typed, StateFilter(Journal.typing))
    router.message.register(on_password, StateFilter(Journal.password))
    return bundle(router, "here", Here.of)
