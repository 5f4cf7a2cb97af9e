"""Sharing journal entries with one's social defender (issue #26), only by the person's press:
they choose entries, see exactly what goes (the chronology as the defenders will read it, and
what follows it), and press Send. Then the case's topic gets the chronology as one message,
each entry whole (its fingerprint, its files' receipts), and the files, each captioned with
its entry and its SHA-256. Nothing goes without an open request, nor to a blocked one; the
person's Telegram identity never goes (the topic knows the case, not the person)."""

from __future__ import annotations

from aiogram.methods import (
    SendMessage,
    TelegramMethod,
)
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.callback_answer import CallbackAnswer
from markupsafe import Markup

from bot.journal.files import send_file
from bot.journal.here import Here
from bot.journal.screens import (
    KINDS,
    PLACES,
    POLICE,
    entry_label,
    entry_text,
    lines,
    when_text,
)
from bot.journal.states import JournalGo, JournalPick, JournalScreen
from bot.kit import keyboards
from bot.kit.callbacks import Go, Screen
from bot.kit.i18n import Translator
from bot.kit.keyboards import Row, button
from bot.kit.keys import JOURNAL_SHARE_KEY
from bot.kit.show import show
from dialogs.journal import RECEIPT_CHARS
from storage.journal import StoredEntry
from storage.journal_files import Attachment

SHARE_MAX = 20  # entries a share may carry: its chronology stays one message


async def picked(here: Here) -> list[int]:
    chosen = (await here.state.get_data()).get(JOURNAL_SHARE_KEY)
    return [n for n in chosen if isinstance(n, int)] if isinstance(chosen, list) else []


async def on_share(query: CallbackQuery, to: JournalScreen, here: Here,
                   callback_answer: CallbackAnswer) -> None:
    """The share's screens: choosing, the preview, sending."""
    t = here.t
    case = await open_case(here)
    if case is None:
        rows: list[Row] = [[button(t("journal-btn-to-defender"), Go(to=Screen.DEFENDER))],
                           [button(t("journal-btn-back"), JournalGo(to=JournalScreen.OVERVIEW))]]
        await show(query, t("journal-share-no-case"), keyboards.screen(t, rows))
        return
    entries = {e.number: e for e in await here.repo.entries(here.person)}
    chosen = [n for n in await picked(here) if n in entries]
    if to == JournalScreen.SHARE or not chosen:
        await show(query, choose_text(t, len(chosen)), choose_keyboard(t, entries, chosen))
        return
    files = {n: await here.files.repo.of_entry(here.person, n) for n in chosen}
    assert here.desk is not None
    td = here.desk.t_defenders
    head = chronology(td, [entries[n] for n in chosen], files)
    if to == JournalScreen.SHARE_PREVIEW:
        rows = [[button(t("journal-btn-share-send"), JournalGo(to=JournalScreen.SHARE_SEND))],
                [button(t("journal-btn-share-change"), JournalGo(to=JournalScreen.SHARE))]]
        count = sum(len(f) for f in files.values())
        await show(query, lines(t("journal-share-preview"), "", head, "",
                                t("journal-share-then", count=count)),
                   keyboards.screen(t, rows))
        return
    group = here.desk.chat_of(case)
    assert group is not None  # an open case of a configured organisation
    for method in messages(td, group, head, [entries[n] for n in chosen], files):
        await here.desk.into_topic(case, method)
    await here.state.update_data({JOURNAL_SHARE_KEY: []})
    await show(query, t("journal-share-sent", case=case.id, count=len(chosen),
                        files=sum(len(f) for f in files.values())),
               keyboards.screen(t, [[button(t("journal-btn-back"),
                                            JournalGo(to=JournalScreen.OVERVIEW))]]))


async def open_case(here: Here) -> object | None:
    """The person's open request, if the defenders can receive from it now."""
    if here.desk is None or not here.desk.available:
        return None
    case = await here.desk.open_case_of(here.person)
    if case is None or case.blocked or here.desk.chat_of(case) is None:
        return None
    return case


def toggle(chosen: list[int], number: int, entries: dict[int, StoredEntry],
           limit: int) -> tuple[list[int], str | None]:
    """The choice after a press on entry `number`, and what to say (a Fluent id) if it could
    not be taken: only the person's own entries are ever chosen."""
    chosen = list(chosen)
    note = None
    if number in chosen:
        chosen.remove(number)
    elif number in entries and len(chosen) < limit:
        chosen.append(number)
    elif number in entries:
        note = "journal-share-too-many"
    else:  # not the person's entry (another's, forged, deleted): nothing to choose
        note = "stale-button"
    return sorted(chosen), note


async def on_pick(query: CallbackQuery, callback_data: JournalPick, here: Here,
                  callback_answer: CallbackAnswer) -> None:
    t = here.t
    entries = {e.number: e for e in await here.repo.entries(here.person)}
    chosen, note = toggle([n for n in await picked(here) if n in entries], callback_data.n,
                          entries, SHARE_MAX)
    if note is not None:
        callback_answer.text = str(t(note, limit=SHARE_MAX))
    await here.state.update_data({JOURNAL_SHARE_KEY: chosen})
    await show(query, choose_text(t, len(chosen)), choose_keyboard(t, entries, chosen))


def choose_text(t: Translator, count: int) -> str:
    return lines(Markup("<b>{}</b>").format(t("journal-share-title")), "",
                 t("journal-share-hint"), "", t("journal-share-chosen", count=count))


def choose_keyboard(t: Translator, entries: dict[int, StoredEntry],
                    chosen: list[int]) -> InlineKeyboardMarkup:
    action = (button(t("journal-btn-share-preview", count=len(chosen)),
                     JournalGo(to=JournalScreen.SHARE_PREVIEW)) if chosen else None)
    return pick_keyboard(t, entries, chosen, "s", action)


def pick_keyboard(t: Translator, entries: dict[int, StoredEntry], chosen: list[int], mode: str,
                  action: InlineKeyboardButton | None) -> InlineKeyboardMarkup:
    """Entries to choose (✅ chosen), then what to do with them."""
    rows: list[Row] = [[button(f"{'✅' if n in chosen else '▫️'} {entry_label(t, e)}",
                               JournalPick(n=n, m=mode))] for n, e in sorted(entries.items())]
    if action is not None:
        rows.append([action])
    rows.append([button(t("journal-btn-back"), JournalGo(to=JournalScreen.OVERVIEW))])
    return keyboards.screen(t, rows)


def chronology(td: Translator, entries: list[StoredEntry],
               files: dict[int, list[Attachment]]) -> Markup:
    """One line an entry, in the order things happened as far as the entries say."""
    def when(stored: StoredEntry) -> tuple[str, int]:
        entry = stored.entry
        return (entry.when.day.isoformat() if entry.when else "", stored.number)

    shown = []
    for stored in sorted(entries, key=when):
        entry = stored.entry
        parts = [when_text(td, entry.when) if entry.when else td("journal-share-no-date"),
                 td(PLACES[entry.place]) if entry.place else None,
                 td(POLICE[entry.police]) if entry.police else None]
        shown.append(td("journal-share-line", number=stored.number,
                        what=Markup(" · ").join(p for p in parts if p),
                        files=len(files.get(stored.number, [])),
                        fingerprint=stored.fingerprint[:RECEIPT_CHARS]))
    return lines(Markup("<b>{}</b>").format(td("journal-share-head", count=len(entries))),
                 td("journal-share-head-note"), "", *shown)


def messages(td: Translator, group: int, head: Markup, entries: list[StoredEntry],
             files: dict[int, list[Attachment]]) -> list[TelegramMethod[object]]:
    """What goes into the topic, in order: the chronology, then each entry and its files."""
    out: list[TelegramMethod[object]] = [SendMessage(chat_id=group, text=str(head))]
    for stored in entries:
        kept = files.get(stored.number, [])
        out.append(SendMessage(chat_id=group, text=entry_text(td, stored, kept)))
        for index, item in enumerate(kept, 1):
            caption = td("journal-share-file", number=stored.number, index=index,
                         kind=td(KINDS.get(item.kind, "journal-kind-document")),
                         fingerprint=item.digest or td("journal-share-no-digest"))
            out.append(send_file(item.kind, group, item.file_id, str(caption)))
    return out
