"""The journal's screens: texts and keyboards; its dialog is bot/journal/states.py, its handlers
bot/journal/router.py."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram.types import InlineKeyboardMarkup
from markupsafe import Markup, escape

from bot.journal.states import (
    CLEAR,
    PAGE,
    SKIP,
    DocStep,
    Draft,
    JournalAsk,
    JournalDoc,
    JournalGo,
    JournalScreen,
    JournalSet,
    LockGo,
    LockScreen,
    WhenChoice,
)
from bot.kit import keyboards
from bot.kit.callbacks import QuickExit
from bot.kit.i18n import Translator
from bot.kit.keyboards import Row, button
from bot.kit.text import TEXT_LIMIT, shown_len
from dialogs.clock import ALMATY
from dialogs.journal import (
    ENTRIES_MAX,
    FILE_MAX,
    PERSON_FILES_MAX,
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
from storage.journal_files import FAILED, STORED, Attachment

FILLED, OPEN = "✅", "▫️"

# -- texts ------------------------------------------------------------------------------------
def lines(*parts: object) -> Markup:
    return Markup("\n").join(p for p in parts if p)


def local_time(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, ALMATY).strftime("%d.%m.%Y %H:%M")


FIELD_LABELS = {Field.WHEN: "journal-field-when", Field.PLACE: "journal-field-place",
                Field.WHAT: "journal-field-what", Field.INJURIES: "journal-field-injuries",
                Field.WITNESSES: "journal-field-witnesses", Field.MEDIA: "journal-field-media",
                Field.POLICE: "journal-field-police"}
FIELD_BUTTONS = {Field.WHEN: "journal-btn-when", Field.PLACE: "journal-btn-place",
                 Field.WHAT: "journal-btn-what", Field.INJURIES: "journal-btn-injuries",
                 Field.WITNESSES: "journal-btn-witnesses", Field.MEDIA: "journal-btn-media",
                 Field.POLICE: "journal-btn-police"}
KINDS = {"photo": "journal-kind-photo", "video": "journal-kind-video",
         "voice": "journal-kind-voice", "video_note": "journal-kind-video-note",
         "audio": "journal-kind-audio", "document": "journal-kind-document",
         "animation": "journal-kind-animation"}
# the prompt for attachments waits as a typed answer's does
WAITED = frozenset({*TYPED, Field.MEDIA})
PLACES = {Place.HOME: "journal-place-home", Place.RELATIVES: "journal-place-relatives",
          Place.OUTSIDE: "journal-place-outside", Place.WORK: "journal-place-work",
          Place.ONLINE: "journal-place-online", Place.OTHER: "journal-place-other"}
POLICE = {Police.CALLED: "journal-police-called", Police.NOT_CALLED: "journal-police-not-called"}
DAY_PARTS = {DayPart.MORNING: "journal-part-morning", DayPart.DAYTIME: "journal-part-daytime",
             DayPart.EVENING: "journal-part-evening", DayPart.NIGHT: "journal-part-night"}
QUESTIONS = {Field.WHEN: "journal-q-when", Field.PLACE: "journal-q-place",
             Field.WHAT: "journal-q-what", Field.INJURIES: "journal-q-injuries",
             Field.WITNESSES: "journal-q-witnesses", Field.MEDIA: "journal-q-media",
             Field.POLICE: "journal-q-police"}
PROMPTS = {Field.WHEN: "journal-ask-date", Field.WHAT: "journal-ask-what",
           Field.INJURIES: "journal-ask-injuries", Field.WITNESSES: "journal-ask-witnesses"}
PROBLEMS = {Problem.EMPTY: "journal-problem-empty", Problem.TOO_LONG: "journal-problem-long",
            Problem.DATE_FORMAT: "journal-problem-date", Problem.DATE_FUTURE:
            "journal-problem-future", Problem.DATE_PAST: "journal-problem-past",
            Problem.NOT_MEDIA: "journal-problem-not-media",
            Problem.FILE_TOO_BIG: "journal-problem-file-big",
            Problem.FILES_FULL: "journal-problem-files-full"}


def when_text(t: Translator, when: When) -> Markup:
    day = when.day.strftime("%d.%m.%Y")
    if when.time:
        return t("journal-when-at", day=day, time=when.time)
    if when.part:
        return t("journal-when-part", day=day, part=t(DAY_PARTS[when.part]))
    return t("journal-when-day", day=day)


def value_text(t: Translator, entry: Entry, field: Field,
               files: int = 0) -> Markup | None:
    match field:
        case Field.MEDIA:
            return t("journal-files-count", count=files) if files else None
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


def entry_lines(t: Translator, entry: Entry, files: int = 0) -> Markup:
    shown = []
    for field in STEPS:
        value = value_text(t, entry, field, files)
        if value is not None:
            shown.append(Markup("<b>{}</b> {}").format(t(FIELD_LABELS[field]), value))
    return lines(*shown) if shown else t("journal-entry-empty")


def overview_text(t: Translator, count: int, note: str | None = None,
                  locked: bool = False) -> str:
    status = t("journal-count", count=count) if count else t("journal-none-yet")
    return lines(Markup("<b>{}</b>").format(t("journal-title")), "", t("journal-intro"), "",
                 status, t("pin-on") if locked else t("pin-off"), t(note) if note else None)


def overview_keyboard(t: Translator, count: int, draft: Draft | None,
                      locked: bool = False) -> InlineKeyboardMarkup:
    rows: list[Row] = []
    if draft is not None:
        rows.append([button(t("journal-btn-continue"), JournalGo(to=JournalScreen.DRAFT))])
    rows.append([button(t("journal-btn-new"), JournalGo(to=JournalScreen.NEW))])
    if count:
        rows.append([button(t("journal-btn-list", count=count),
                            JournalGo(to=JournalScreen.LIST))])
        rows.append([button(t("journal-btn-share"), JournalGo(to=JournalScreen.SHARE)),
                     button(t("journal-btn-doc"), JournalDoc(a=DocStep.KIND))])
        rows.append([button(t("journal-btn-export"), JournalGo(to=JournalScreen.EXPORT))])
    rows.append([button(t("pin-btn-remove"), LockGo(to=LockScreen.REMOVE)) if locked
                 else button(t("pin-btn-set"), LockGo(to=LockScreen.SET))])
    return keyboards.screen(t, rows)


def full_text(t: Translator) -> str:
    return lines(t("journal-full", limit=ENTRIES_MAX), t("journal-full-hint"))


def draft_text(t: Translator, draft: Draft, files: int = 0,
               note: Markup | str | None = None) -> str:
    title = (t("journal-edit-title", number=draft.number) if draft.number
             else t("journal-new-title"))
    return lines(Markup("<b>{}</b>").format(title), "", entry_lines(t, draft.entry, files), "",
                 t("journal-not-saved-yet"), note)


def draft_keyboard(t: Translator, draft: Draft, files: int = 0) -> InlineKeyboardMarkup:
    entry = draft.entry

    def filled(f: Field) -> bool:
        return bool(files) if f == Field.MEDIA else entry.filled(f)

    fields = [button(f"{FILLED if filled(f) else OPEN} {t(FIELD_BUTTONS[f])}",
                     JournalAsk(f=f)) for f in STEPS]
    rows: list[Row] = [fields[i:i + 2] for i in range(0, len(fields), 2)]
    rows.append([button(t("journal-btn-save"), JournalGo(to=JournalScreen.SAVE)),
                 button(t("journal-btn-discard"), JournalGo(to=JournalScreen.DISCARD))])
    return keyboards.screen(t, rows)


def step_text(t: Translator, draft: Draft, field: Field, problem: Markup | None = None,
              files: int = 0, used: int = 0) -> str:
    """A field's screen: its question, what it holds now, and a problem with an answer.
    `files`: attachments of the entry so far; `used`: bytes the person keeps in all."""
    position = (t("journal-step", step=STEPS.index(field) + 1, total=len(STEPS))
                if draft.guided else None)
    question = t(QUESTIONS[field])
    if field == Field.WHEN and draft.day is not None:
        question = t("journal-q-part", day=_day(draft.day))
    current = value_text(t, draft.entry, field, files)
    now_holds = t("journal-now-holds", value=current) if current is not None else None
    typed = t(PROMPTS[field], limit=TYPED[field]) if field in TYPED else None
    if field == Field.MEDIA:
        typed = lines(t("journal-ask-media", size=FILE_MAX // 2**20),
                      t("journal-files-space", used=megabytes(used),
                        total=PERSON_FILES_MAX // 2**20))
    return lines(position, Markup("<b>{}</b>").format(question), typed, now_holds, problem)


def megabytes(size: int) -> str:
    return f"{size / 2**20:.1f}"


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
        case Field.MEDIA:
            rows.append([button(t("journal-btn-files-done"),
                                JournalSet(f=field, v=SKIP))])
    if draft.entry.filled(field) and not (field == Field.WHEN and draft.day is not None):
        rows.append([choice("journal-btn-clear", CLEAR)])
    last = [choice("journal-btn-skip", SKIP)] if draft.guided and field != Field.MEDIA else []
    last.append(button(t("journal-btn-to-draft"), JournalGo(to=JournalScreen.DRAFT)))
    rows.append(last)
    if field in WAITED:  # a prompt: 🆘 must end the wait first, and no menu button
        return InlineKeyboardMarkup(inline_keyboard=[*rows, prompt_safety_row(t)])
    return keyboards.screen(t, rows)


def date_prompt_keyboard(t: Translator) -> InlineKeyboardMarkup:
    back = button(t("journal-btn-to-draft"), JournalGo(to=JournalScreen.DRAFT))
    return InlineKeyboardMarkup(inline_keyboard=[[back], prompt_safety_row(t)])


def prompt_safety_row(t: Translator) -> Row:
    """While waiting for a typed answer: 🆘 ends the wait first (its own press), then quick exit."""
    return [button(t("btn-sos"), JournalGo(to=JournalScreen.SOS)),
            button(t("btn-exit"), QuickExit())]


def receipt_text(t: Translator, stored: StoredEntry, edited: bool, files: int = 0) -> str:
    receipt = t("journal-receipt-edited" if edited else "journal-receipt",
                number=stored.number, time=local_time(stored.stored_at),
                fingerprint=stored.fingerprint[:RECEIPT_CHARS])
    attached = t("journal-receipt-files", count=files) if files else None
    return lines(receipt, attached, "", t("journal-receipt-hint"))


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


def entry_text(t: Translator, stored: StoredEntry, files: list[Attachment],
               note: Markup | str | None = None) -> str:
    """The entry whole, with a line for each attachment as long as the message has room
    (the rest counted: the files themselves come with "Show the files here")."""
    def render(shown: list[Markup]) -> str:
        more = len(files) - len(shown)
        return lines(Markup("<b>{}</b>").format(t("journal-entry-title", number=stored.number)),
                     "", entry_lines(t, stored.entry, len(files)), *shown,
                     t("journal-files-more", count=more) if more else None, "",
                     t("journal-stored-on", time=local_time(stored.stored_at)),
                     t("journal-fingerprint", fingerprint=stored.fingerprint), note)

    every = attachment_lines(t, files)
    shown = len(every)
    while shown and shown_len(render(every[:shown])) > TEXT_LIMIT:
        shown -= 1
    return render(every[:shown])


def attachment_lines(t: Translator, files: list[Attachment]) -> list[Markup]:
    """One line an attachment: its kind, size, and its own receipt once stored."""
    shown = []
    for index, item in enumerate(files, 1):
        kind = t(KINDS.get(item.kind, "journal-kind-document"))
        if item.state == STORED and item.digest and item.stored_at:
            state = t("journal-file-stored", fingerprint=item.digest[:RECEIPT_CHARS],
                      time=local_time(item.stored_at))
        elif item.state == FAILED:
            state = t("journal-file-failed")
        else:
            state = t("journal-file-pending")
        shown.append(t("journal-file-line", index=index, kind=kind, size=megabytes(item.size),
                       state=state))
    return shown


def entry_keyboard(t: Translator, number: int, files: int = 0) -> InlineKeyboardMarkup:
    send: list[Row] = ([[button(t("journal-btn-files-send", count=files),
                                JournalGo(to=JournalScreen.FILES, n=number))]] if files else [])
    rows: list[Row] = [*send,
                       [button(t("journal-btn-edit"), JournalGo(to=JournalScreen.EDIT, n=number)),
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
    limits = {Problem.FILE_TOO_BIG: FILE_MAX // 2**20,
              Problem.FILES_FULL: PERSON_FILES_MAX // 2**20}
    return t(PROBLEMS[problem], limit=limits.get(problem, TYPED.get(field, 0)))
