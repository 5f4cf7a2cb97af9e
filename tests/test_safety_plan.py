"""The safety plan: its rules and JSON (dialogs.safety_plan), its storage on a real SQLite file
(sealed, in the unit of work, erased), and its screens' texts in every language (escaped, within
Telegram's limit, every button's data within 64 bytes)."""

from __future__ import annotations

import asyncio
import html
import json
import re
import time
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from aiogram.types import InlineKeyboardMarkup

from bot.kit.i18n import LOCALES
from bot.kit.text import TEXT_LIMIT, utf16_len
from bot.kit.waits import WAIT_SECONDS
from bot.safety_plan import screens as ui
from dialogs import safety_plan as rules
from dialogs.safety_plan import (
    CODE_WORD_LIMIT,
    CONTACTS_MAX,
    NAME_LIMIT,
    PLACE_LIMIT,
    READY_ITEMS,
    RULES,
    SECTIONS,
    VIOLENCE_ITEMS,
    Contact,
    Kind,
    Problem,
    SafetyPlan,
    Section,
)
from storage import unit as uow
from storage.crypto import Sealer, new_key
from storage.db import Database, migration_files
from storage.rekey import rekey
from storage.safety_plans import SafetyPlansRepo, StoredPlan
from tests.databases import database_at
from tests.screens import tr
from tests.test_storage import SEALER, run

ROOT = Path(__file__).resolve().parent.parent
ANGRY = "<b>&amp;</b> «мен»"  # what a person may type: shown as typed, never as HTML


def full_plan(name: str = "Айгүл апай", word: str = "Сары шай") -> SafetyPlan:
    return SafetyPlan(
        contacts=(Contact(name, "+77012345678"), Contact("Мама", "+77019876543")),
        code_word=word, violence=frozenset({"rooms", "exit"}),
        ready=frozenset({"id", "birth", "charger"}), place="Тараздағы әпкеме")


def longest_plan() -> SafetyPlan:
    """Everything filled to its limit, with characters that HTML-escape to several."""
    return SafetyPlan(
        contacts=tuple(Contact(("<&>" * NAME_LIMIT)[:NAME_LIMIT], f"+7701000000{n}")
                       for n in range(CONTACTS_MAX)),
        code_word=("<&>" * CODE_WORD_LIMIT)[:CODE_WORD_LIMIT],
        violence=frozenset(i.id for i in VIOLENCE_ITEMS),
        ready=frozenset(i.id for i in READY_ITEMS),
        place=("ә<&>" * PLACE_LIMIT)[:PLACE_LIMIT])


# -- the rules ---------------------------------------------------------------------------------
def test_sections_are_for_staying_and_for_leaving_each_with_its_kind() -> None:
    assert SECTIONS == (Section.CONTACTS, Section.CODE_WORD, Section.VIOLENCE,
                        Section.READY, Section.PLACE)
    assert {s: RULES[s].kind for s in SECTIONS} == {
        Section.CONTACTS: Kind.CONTACTS, Section.CODE_WORD: Kind.TEXT,
        Section.VIOLENCE: Kind.CHECKLIST, Section.READY: Kind.CHECKLIST, Section.PLACE: Kind.TEXT}
    assert RULES[Section.CODE_WORD].limit == CODE_WORD_LIMIT == 40
    assert RULES[Section.PLACE].limit == PLACE_LIMIT == 200
    assert CONTACTS_MAX == 3
    for rule in RULES.values():
        ids = [i.id for i in rule.items]
        assert len(ids) == len(set(ids)), f"{rule.section}: an item id twice"
        assert rule.typed == (rule.kind != Kind.CHECKLIST)


def test_what_to_keep_ready_names_the_manuals_documents_in_its_terms() -> None:
    """The documents come from the social defender's manual (Appendix 3): the Kazakh texts use
    its words; money, keys, medicines and a charger are added."""
    ids = [i.id for i in READY_ITEMS]
    assert ids[:8] == ["id", "birth", "marriage", "address", "income", "property", "medical",
                       "evidence"]
    assert all(i.manual for i in READY_ITEMS[:8]) and not any(i.manual for i in READY_ITEMS[8:])
    assert ids[8:] == ["money", "keys", "medicines", "charger"]
    manual = (ROOT.parent / "shared" / "seed" / "social-defender-manual.kk.txt")
    t = tr("kk")
    terms = {"id": "жеке басын растайтын құжат", "birth": "туу туралы куәлі",
             "marriage": "неке қию туралы куәлік", "address": "мекенжай анықтамасы",
             "property": "меншікке құқық белгілейтін",
             "medical": "дәрігердің зерттеу нәтижелері", "evidence": "куәгерлер"}
    for item_id, term in terms.items():
        item = RULES[Section.READY].item(item_id)
        assert item is not None and term in str(t(item.more)).lower(), item_id
        if manual.exists():  # the manual itself, when the shared seed is beside the repo
            text = " ".join(manual.read_text(encoding="utf-8").lower().split())
            assert term in text, f"{term!r} is not the manual's term"


def test_violence_checklist_says_what_the_issue_asks() -> None:
    en = tr("en")
    lines = " ".join(str(en(i.more)) for i in VIOLENCE_ITEMS)
    for words in ("kitchen", "weapons", "charged", "get out of the home", "112", "102", "doctor"):
        assert words in lines


@pytest.mark.parametrize(("typed", "expected"), [
    ("Айгүл апай +7 701 234 56 78", Contact("Айгүл апай", "+77012345678")),
    ("Mum, 87019876543", Contact("Mum", "+77019876543")),
    ("+7 (701) 111-22-33 — Сәуле", Contact("Сәуле", "+77011112233")),
    ("  Көрші   Бақыт:\n8 701 000 00 01 ", Contact("Көрші Бақыт", "+77010000001")),
    ("Апа2 87010000002", Contact("Апа2", "+77010000002")),  # a digit in the name stays there
    ("87010000003 Апа3", Contact("Апа3", "+77010000003")),
])
def test_a_contact_is_a_name_and_a_phone_in_one_message(typed: str, expected: Contact) -> None:
    assert rules.parse_contact(typed) == expected


@pytest.mark.parametrize(("typed", "problem"), [
    ("", Problem.EMPTY), ("   \n ", Problem.EMPTY),
    ("Айгүл", Problem.NO_PHONE), ("Айгүл 12345", Problem.NO_PHONE),
    ("+7 701 234 56 78", Problem.NO_NAME), ("87012345678 —", Problem.NO_NAME),
    ("A" * (NAME_LIMIT + 1) + " 87012345678", Problem.NAME_TOO_LONG),
])
def test_a_contact_that_does_not_read_as_one_says_why(typed: str, problem: Problem) -> None:
    assert rules.parse_contact(typed) == problem


def test_typed_text_is_one_clean_line_within_its_limit() -> None:
    assert rules.check_text("  Сары\n\nшай\t ", CODE_WORD_LIMIT) == "Сары шай"
    assert rules.check_text("a\x00b\u200bc", 10) == "a b c"  # control characters go
    assert rules.check_text("x" * CODE_WORD_LIMIT, CODE_WORD_LIMIT) == "x" * CODE_WORD_LIMIT
    assert rules.check_text("x" * (CODE_WORD_LIMIT + 1), CODE_WORD_LIMIT) == Problem.TOO_LONG
    assert rules.check_text(" \n", CODE_WORD_LIMIT) == Problem.EMPTY


def test_taking_typed_answers() -> None:
    plan = SafetyPlan()
    plan = rules.take_typed(plan, Section.CODE_WORD, " Сары шай ")
    assert isinstance(plan, SafetyPlan) and plan.code_word == "Сары шай"
    plan = rules.take_typed(plan, Section.PLACE, "Тараздағы әпкеме")
    assert isinstance(plan, SafetyPlan) and plan.place == "Тараздағы әпкеме"
    for n in range(CONTACTS_MAX):
        plan = rules.take_typed(plan, Section.CONTACTS, f"Адам{n} 8701000000{n}")
        assert isinstance(plan, SafetyPlan)
    assert [c.name for c in plan.contacts] == ["Адам0", "Адам1", "Адам2"]
    assert rules.take_typed(plan, Section.CONTACTS, "Тағы 87010000009") == Problem.FULL
    assert rules.take_typed(plan, Section.PLACE, "ә" * 201) == Problem.TOO_LONG
    with pytest.raises(ValueError, match="no typed answer"):
        rules.take_typed(plan, Section.READY, "id")


def test_buttons_change_only_what_exists() -> None:
    plan = full_plan()
    ticked = rules.toggle(plan, Section.READY, "money")
    assert ticked is not None and "money" in ticked.ready
    assert rules.toggle(ticked, Section.READY, "money") == plan  # and back
    assert rules.toggle(plan, Section.READY, "rooms") is None  # another list's item
    assert rules.toggle(plan, Section.READY, "gun") is None
    assert rules.toggle(plan, Section.CODE_WORD, "id") is None
    assert rules.clear_text(plan, Section.CODE_WORD).code_word is None
    assert rules.clear_text(plan, Section.PLACE).place is None
    assert rules.clear_text(plan, Section.READY) == plan
    removed = rules.remove_contact(plan, 0, 2)
    assert removed is not None and [c.name for c in removed.contacts] == ["Мама"]
    assert rules.remove_contact(plan, 0, 3) is None  # a screen that showed another list
    assert rules.remove_contact(plan, 2, 2) is None
    assert rules.remove_contact(plan, -1, 2) is None


def test_filled_and_empty() -> None:
    assert SafetyPlan().empty
    plan = full_plan()
    assert not plan.empty and all(plan.filled(s) for s in SECTIONS)
    only_word = SafetyPlan(code_word="x")
    assert [s for s in SECTIONS if only_word.filled(s)] == [Section.CODE_WORD]


def test_the_plan_goes_to_json_and_back() -> None:
    plan = full_plan()
    data = plan.to_data()
    assert json.loads(json.dumps(data)) == data
    assert data["ready"] == ["id", "birth", "charger"]  # the checklist's own order
    assert SafetyPlan.from_data(json.loads(json.dumps(data))) == plan
    assert SafetyPlan().to_data() == {"v": 1}
    assert SafetyPlan.from_data({"v": 1}) == SafetyPlan()


@pytest.mark.parametrize("data", [
    None, [], "plan", {"contacts": "x"}, {"contacts": [["a"], [1, 2], ["", "+77010000000"]]},
    {"code": 5, "place": ["x"], "ready": "id", "violence": {"rooms": True}},
])
def test_from_data_never_fails_on_what_it_cannot_read(data: object) -> None:
    assert SafetyPlan.from_data(data) == SafetyPlan()  # type: ignore[arg-type]


def test_from_data_keeps_what_is_known_within_limits() -> None:
    data = {"contacts": [[f"N{n}", "87010000000"] for n in range(5)] + [["x", "bad"]],
            "code": "w" * 100, "place": " p ", "ready": ["id", "gone-item", "id"],
            "violence": ["rooms", "id"]}
    plan = SafetyPlan.from_data(data)
    assert [c.name for c in plan.contacts] == ["N0", "N1", "N2"]
    assert plan.code_word == "w" * CODE_WORD_LIMIT and plan.place == "p"
    assert plan.ready == {"id"} and plan.violence == {"rooms"}


def test_a_wait_is_read_back_or_not_at_all() -> None:
    wait = ui.Wait(Section.PLACE, 10, 12, 1_700_000_000, "Assessment:answering")
    assert ui.Wait.from_data(wait.to_data()) == wait
    assert ui.Wait.from_data(None) is None
    assert ui.Wait.from_data({"s": "z", "m": 1, "l": 1, "at": 1}) is None
    assert ui.Wait.from_data({"s": "w", "m": "x", "l": 1, "at": 1}) is None
    assert ui.Wait.from_data({"s": "w", "m": 1, "l": 1, "at": 1, "r": 5}) == \
        ui.Wait(Section.CODE_WORD, 1, 1, 1, None)


# -- the screens --------------------------------------------------------------------------------
def visible(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def callback_data(markup: InlineKeyboardMarkup) -> list[str]:
    return [b.callback_data for row in markup.inline_keyboard for b in row if b.callback_data]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_screen_renders_escaped_and_within_limits(locale: str, caplog) -> None:
    t = tr(locale)
    plan = full_plan(name=ANGRY, word=ANGRY)
    stored = StoredPlan(plan, 1_700_000_000)
    texts = [ui.overview_text(t, None), ui.overview_text(t, stored, "plan-deleted"),
             ui.whole_text(t, stored), ui.whole_text(t, None)]
    markups = [ui.overview_keyboard(t, None), ui.overview_keyboard(t, stored)]
    for section in SECTIONS:
        texts += [ui.section_text(t, plan, section), ui.section_text(t, SafetyPlan(), section)]
        markups += [ui.section_keyboard(t, plan, section),
                    ui.section_keyboard(t, SafetyPlan(), section)]
        if RULES[section].typed:
            problem = ui.problem_text(t, Problem.TOO_LONG, section)
            texts.append(ui.prompt_text(t, plan, section, problem))
            markups.append(ui.prompt_keyboard(t, section))
    assert not caplog.records, caplog.records[0].message  # no missing Fluent id
    for text in texts:
        assert utf16_len(text) <= TEXT_LIMIT
        assert ANGRY not in text  # what was typed never reaches the HTML unescaped
    assert ANGRY in visible(ui.whole_text(t, stored))
    assert ANGRY in visible(ui.section_text(t, plan, Section.CODE_WORD))
    for markup in markups:
        for data in callback_data(markup):
            assert len(data.encode()) <= 64, data
    # the name as typed on its button (a label is not HTML)
    labels = [b.text for row in ui.section_keyboard(t, plan, Section.CONTACTS).inline_keyboard
              for b in row]
    assert any(label.endswith(ANGRY) for label in labels)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_whole_plan_fits_one_message_however_full(locale: str) -> None:
    t = tr(locale)
    stored = StoredPlan(longest_plan(), 1_700_000_000)
    text = ui.whole_text(t, stored)
    assert utf16_len(text) <= TEXT_LIMIT
    assert str(t("plan-show-warning")) in text
    shown = visible(text)
    assert longest_plan().place in shown and longest_plan().code_word in shown
    for item in READY_ITEMS:
        assert visible(str(t(item.more))) in shown
    # a smaller limit: the checklists fall back to their short labels
    short = ui.whole_text(t, stored, limit=utf16_len(text) - 1)
    assert utf16_len(short) < utf16_len(text)
    assert visible(str(t(READY_ITEMS[0].label))) in visible(short)


def test_the_prompt_has_no_menu_button_and_ends_the_wait_on_sos() -> None:
    t = tr("kk")
    markup = ui.prompt_keyboard(t, Section.CODE_WORD)
    data = callback_data(markup)
    assert not any(d.startswith("go:") for d in data)  # no way out that keeps the wait
    assert ui.PlanEdit(act=ui.EditAct.SOS, s=Section.CODE_WORD).pack() in data
    assert ui.PlanEdit(act=ui.EditAct.CANCEL, s=Section.CODE_WORD).pack() in data


def test_callback_prefixes_are_unused_elsewhere() -> None:
    ours = {"sp", "se", "sk"}
    found = set()
    for path in (ROOT / "bot").rglob("*.py"):
        if "safety_plan" in path.parts:
            continue
        found |= set(re.findall(r'prefix="([^"]+)"', path.read_text(encoding="utf-8")))
    assert not ours & found


# -- storage -----------------------------------------------------------------------------------
def test_migration_0007_creates_the_table() -> None:
    assert (7, "0007_safety_plans.sql") in [(v, n) for v, n, _ in migration_files()]


def test_a_plan_is_sealed_at_rest_opened_on_read_and_forgotten(db_at: Path | str) -> None:
    me, someone = 42, 77

    async def check(db: Database) -> None:
        repo = SafetyPlansRepo(db)
        assert await repo.get(me) is None
        await repo.save(me, full_plan())
        await repo.save(someone, SafetyPlan(code_word="other"))
        stored = await repo.get(me)
        assert stored is not None and stored.plan == full_plan() and stored.updated_at > 0
        raw = await db.fetchone("SELECT plan FROM safety_plans WHERE user_id = ?",
                                (db.sealer.keyed_id(me),))
        assert raw is not None and raw[0].startswith("gAAAAA")  # a Fernet token
        for words in ("Айгүл", "Сары шай", "Тараз", "+7701", "birth"):
            assert words not in raw[0]
        assert json.loads(SEALER.open(raw[0])) == full_plan().to_data()
        await repo.forget(me)
        assert await repo.get(me) is None
        other = await repo.get(someone)
        assert other is not None and other.plan.code_word == "other"

    run(check, db_at)


def test_saving_joins_the_unit_of_work_and_an_empty_plan_is_not_kept(db_at: Path | str) -> None:
    me = 42

    async def check(db: Database) -> None:
        repo = SafetyPlansRepo(db)
        unit = uow.UnitOfWork(db)
        with uow.active(unit):
            await repo.save(me, full_plan())
            # nothing is written before the update's commit
            assert await db.fetchone("SELECT 1 FROM safety_plans") is None
            unit.rollback()
        assert await db.fetchone("SELECT 1 FROM safety_plans") is None
        unit = uow.UnitOfWork(db)
        with uow.active(unit):
            await repo.save(me, full_plan())
            stored = await repo.get(me)  # reads its own writes
            assert stored is not None and stored.plan == full_plan()
            await repo.save(me, replace(full_plan(), code_word=None))
            await unit.commit()
        stored = await repo.get(me)
        assert stored is not None and stored.plan.code_word is None
        await repo.save(me, SafetyPlan())  # emptied section by section: deleted
        assert await db.fetchone("SELECT COUNT(*) FROM safety_plans") == (0,)

    run(check, db_at)


# -- waiting for a typed answer -----------------------------------------------------------------
class ChatLog:
    """The chat log's one read the rule needs: ids of the chat's messages, both sides."""

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids

    async def deletable(self, chat_id: int) -> list[int]:
        return self.ids


@pytest.mark.parametrize(("ids", "age", "current"), [
    ([5, 9, 10], 60, True),  # the prompt (on 5), a typed answer deleted (9), this message (10)
    ([3, 5, 7, 9, 10], 60, True),  # older messages above: the prompt's exchange began at 9
    ([5, 9, 10], WAIT_SECONDS + 1, False),  # too long ago
    ([5, 9, 10, 11, 12], 60, False),  # /help (10) and its answer (11) came after the prompt
    ([11, 12], 60, False),  # a quick exit: the chat's ids cleared, its goodbye (11) logged
])
def test_a_typed_message_is_an_answer_only_while_the_prompt_is_the_last_thing(
        ids: list[int], age: int, current: bool) -> None:
    wait = ui.Wait(Section.CODE_WORD, 5, 9, int(time.time()) - age, None)
    message = SimpleNamespace(chat=SimpleNamespace(id=1), message_id=ids[-1])
    check = ui.prompt_is_current(wait, message, ChatLog(ids))  # type: ignore[arg-type]
    assert asyncio.run(check) == current


def test_key_rotation_reseals_the_plan_so_the_old_key_can_be_destroyed(db_at: Path | str,
                                                                       ) -> None:
    old, new = new_key(), new_key()
    path = db_at

    async def rotate() -> SafetyPlan | None:
        db = database_at(path, Sealer(old))
        await db.connect()
        await SafetyPlansRepo(db).save(42, full_plan())
        await db.close()
        db = database_at(path, Sealer(new, [old]))  # python -m bot rekey
        await db.connect()
        await rekey(db)
        await db.close()
        db = database_at(path, Sealer(new))  # the old key destroyed
        await db.connect()
        try:
            stored = await SafetyPlansRepo(db).get(42)
            return stored.plan if stored else None
        finally:
            await db.close()

    assert asyncio.run(rotate()) == full_plan()
