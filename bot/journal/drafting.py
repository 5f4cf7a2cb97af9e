"""A draft statement to the police or request for a protective order, from the journal (issue
#26): the person picks the document, its language (Kazakh or Russian) and the entries, and
sees the draft (with its source, and plainly said to be a draft to check with a defender)
before any PDF is made. The PDF goes to their defender's topic, or, if they ask, into this
chat with a warning that it stays there until deleted (the chat log keeps its id: a quick
exit deletes it). The wording is data (texts/drafts), the rendering bot/journal/document.py."""

from __future__ import annotations

from typing import Any

from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup
from aiogram.utils.callback_answer import CallbackAnswer

from bot.journal.document import draft_pdf, draft_text
from bot.journal.here import Here, show_overview
from bot.journal.share import open_case, pick_keyboard, toggle
from bot.journal.states import DocStep, JournalDoc, JournalGo, JournalPick, JournalScreen
from bot.kit import keyboards
from bot.kit.keyboards import LANGUAGE_LABELS, Row, button
from bot.kit.keys import JOURNAL_DOC_KEY
from bot.kit.show import show
from bot.kit.text import TEXT_LIMIT, shown_len
from dialogs.journal_draft import DRAFT_LOCALES, DRAFT_MAX, DraftKind, draft_locale, sources

TITLES = {DraftKind.POLICE: "journal-doc-police", DraftKind.ORDER: "journal-doc-order"}
FILE_NAMES = {DraftKind.POLICE: "draft-statement", DraftKind.ORDER: "draft-protective-order"}


async def doc_state(here: Here) -> dict[str, Any]:
    kept = (await here.state.get_data()).get(JOURNAL_DOC_KEY)
    return dict(kept) if isinstance(kept, dict) else {}


def chosen_kind(state: dict[str, Any]) -> DraftKind | None:
    try:
        return DraftKind(state.get("k"))
    except ValueError:
        return None


async def on_doc(query: CallbackQuery, callback_data: JournalDoc, here: Here,
                 callback_answer: CallbackAnswer) -> None:
    t, step = here.t, callback_data.a
    entries = {e.number: e for e in await here.repo.entries(here.person)}
    state = await doc_state(here)
    if not entries:
        await show_overview(query, here)
        return
    if step == DocStep.KIND:
        rows: list[Row] = [[button(t(TITLES[kind]), JournalDoc(a=DocStep.LANGUAGE, k=kind))]
                           for kind in DraftKind]
        rows.append([button(t("journal-btn-back"), JournalGo(to=JournalScreen.OVERVIEW))])
        await show(query, t("journal-doc-intro"), keyboards.screen(t, rows))
        return
    if step == DocStep.LANGUAGE and callback_data.k in DraftKind.__members__.values():
        await here.state.update_data({JOURNAL_DOC_KEY: {"k": callback_data.k, "n": []}})
        first = draft_locale(t.locale)
        order = [first, *(loc for loc in DRAFT_LOCALES if loc != first)]
        rows = [[button(LANGUAGE_LABELS[loc], JournalDoc(a=DocStep.ENTRIES, k=callback_data.k,
                                                          l=loc)) for loc in order]]
        await show(query, t("journal-doc-language"), keyboards.screen(t, rows))
        return
    kind = chosen_kind(state)
    if step == DocStep.ENTRIES and kind is not None and callback_data.l in DRAFT_LOCALES:
        state.update(l=callback_data.l)
        await here.state.update_data({JOURNAL_DOC_KEY: state})
        await show_pick(query, here, entries, state)
        return
    chosen = [n for n in state.get("n", []) if n in entries]
    locale = state.get("l")
    if kind is None or locale not in DRAFT_LOCALES or not chosen:
        callback_answer.text = str(t("stale-button"))  # an older screen, or a forged press
        await on_doc(query, JournalDoc(a=DocStep.KIND), here, callback_answer)
        return
    files = {n: await here.files.repo.of_entry(here.person, n) for n in chosen}
    text = draft_text(kind, here.translations.get(locale), [entries[n] for n in chosen], files)
    if step == DocStep.PREVIEW:
        await show(query, preview(here, kind, text), await preview_keyboard(here))
        return
    pdf = await draft_pdf(text, str(here.translations.get(locale)("journal-doc-footer")))
    document = BufferedInputFile(pdf, f"{FILE_NAMES[kind]}-{locale}.pdf")
    if step == DocStep.TO_DEFENDER:
        await to_defender(query, here, kind, document)
    elif step == DocStep.HERE:
        await here.bot.send_document(here.person, document, caption=str(t("journal-doc-here")),
                                     protect_content=True)
        await show(query, t("journal-doc-here-done"), keyboards.screen(t, [[
            button(t("journal-btn-back"), JournalGo(to=JournalScreen.OVERVIEW))]]))


async def to_defender(query: CallbackQuery, here: Here, kind: DraftKind,
                      document: BufferedInputFile) -> None:
    """The PDF into the case's topic, at once (a file cannot wait in the outbound queue, which
    keeps requests as text); without an open case or its topic yet, the person is told."""
    t = here.t
    case = await open_case(here)
    topic = getattr(case, "topic_id", None)
    group = here.desk.chat_of(case) if here.desk is not None and case is not None else None
    back: list[Row] = [[button(t("journal-btn-back"), JournalGo(to=JournalScreen.OVERVIEW))]]
    if case is None or topic is None or group is None or here.desk is None:
        await show(query, t("journal-doc-no-topic"), keyboards.screen(t, back))
        return
    td = here.desk.t_defenders
    await here.bot.send_document(group, document, message_thread_id=topic,
                                 caption=str(td("journal-doc-caption", title=td(TITLES[kind]))))
    await show(query, t("journal-doc-sent", case=case.id), keyboards.screen(t, back))


def preview(here: Here, kind: DraftKind, text: str) -> str:
    """The draft on the screen, with its source; shortened (the PDF holds it all) to fit."""
    t, source = here.t, sources()[kind]

    def render(shown: str, cut: bool) -> str:
        return here.screens.templates.render(
            "journal_draft.html.j2", t=t, title=TITLES[kind], text=shown, cut=cut,
            source=source, locale=t.locale if t.locale in source.act else "ru")

    full = render(text, False)
    if shown_len(full) <= TEXT_LIMIT:
        return full
    low, high = 0, len(text)
    while low < high:  # the longest beginning that fits
        middle = (low + high + 1) // 2
        if shown_len(render(text[:middle] + "…", True)) <= TEXT_LIMIT:
            low = middle
        else:
            high = middle - 1
    return render(text[:low] + "…", True)


async def preview_keyboard(here: Here) -> InlineKeyboardMarkup:
    t = here.t
    rows: list[Row] = []
    if await open_case(here) is not None:
        rows.append([button(t("journal-btn-doc-defender"), JournalDoc(a=DocStep.TO_DEFENDER))])
    rows += [[button(t("journal-btn-doc-here"), JournalDoc(a=DocStep.HERE))],
             [button(t("journal-btn-share-change"), JournalDoc(a=DocStep.KIND))]]
    return keyboards.screen(t, rows)


async def show_pick(query: CallbackQuery, here: Here, entries: dict[int, Any],
                    state: dict[str, Any]) -> None:
    t = here.t
    chosen = [n for n in state.get("n", []) if n in entries]
    action = (button(t("journal-btn-doc-preview", count=len(chosen)),
                     JournalDoc(a=DocStep.PREVIEW)) if chosen else None)
    await show(query, t("journal-doc-pick", count=len(chosen)),
               pick_keyboard(t, entries, chosen, "d", action))


async def on_doc_pick(query: CallbackQuery, callback_data: JournalPick, here: Here,
                      callback_answer: CallbackAnswer) -> None:
    entries = {e.number: e for e in await here.repo.entries(here.person)}
    state = await doc_state(here)
    if chosen_kind(state) is None:
        callback_answer.text = str(here.t("stale-button"))
        await show_overview(query, here)
        return
    chosen, note = toggle([n for n in state.get("n", []) if n in entries], callback_data.n,
                          entries, DRAFT_MAX)
    if note is not None:
        callback_answer.text = str(here.t(note, limit=DRAFT_MAX))
    state["n"] = chosen
    await here.state.update_data({JOURNAL_DOC_KEY: state})
    await show_pick(query, here, entries, state)
