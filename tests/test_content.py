"""Legal content editions: the shipped ones load and fit Telegram; broken files fail clearly."""

from __future__ import annotations

import html
import re
import tomllib
from pathlib import Path

import pytest
from pydantic import BaseModel

from bot.assessment import keyboards as check_keys
from bot.assessment.callbacks import QuestionAction, QuestionPress
from bot.guidance.callbacks import RightsPage
from bot.kit.callbacks import GuidePage
from bot.kit.content import ContentError, load_content, parse_edition
from bot.kit.i18n import LOCALES, Translations
from bot.kit.render import Templates
from tests.editions import assessment_data, variant

SHIPPED = load_content("kz2014", "ssl2008", "app3")
TEMPLATES = Templates()


def toml_dump(data: dict) -> bytes:
    """A tiny TOML writer for test data (tomllib reads only)."""
    import json

    def value(v: object) -> str:
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{json.dumps(k)} = {value(x)}" for k, x in v.items()) + " }"
        if isinstance(v, list):
            return "[ " + ", ".join(value(x) for x in v) + " ]"
        if isinstance(v, bool):
            return "true" if v else "false"
        return json.dumps(v, ensure_ascii=False)

    return "\n".join(f"{json.dumps(k)} = {value(v)}" for k, v in data.items()).encode()


def test_toml_writer_round_trips() -> None:
    data = assessment_data()
    assert tomllib.loads(toml_dump(data).decode()) == data


def test_rights_sections_have_the_manuals_counts() -> None:
    counts = {s.id: len(s.items) for s in SHIPPED.rights.sections}
    assert counts == {"rights": 7, "duties": 3, "where": 3, "who": 6, "decision": 7, "services": 8}
    assert SHIPPED.rights.source.superseded


def test_guidance_covers_every_block_of_the_assessment() -> None:
    kinds = {k.id for k in SHIPPED.guidance.kinds}
    assert kinds == {b.id for b in SHIPPED.assessment.blocks}
    economic = SHIPPED.guidance.kind_by_id("economic")
    assert economic is not None
    documents = next(s for s in economic.sections if s.id == "documents")
    assert len(documents.items) == 8
    physical = SHIPPED.guidance.kind_by_id("physical")
    assert physical is not None
    statement = next(s for s in physical.sections if s.id == "statement")
    assert len(statement.items) == 6


@pytest.mark.parametrize("locale", LOCALES)
def test_every_legal_screen_fits_a_telegram_message(locale: str) -> None:
    t = Translations().get(locale)
    rights, guidance = SHIPPED.rights, SHIPPED.guidance
    screens = [TEMPLATES.render("section.html.j2", t=t, locale=locale, edition=rights,
                                heading=rights.title, section=s) for s in rights.sections]
    screens += [TEMPLATES.render("section.html.j2", t=t, locale=locale, edition=guidance,
                                 heading=k.title, section=s)
                for k in guidance.kinds for s in k.sections]
    screens += [TEMPLATES.render("guide_kind.html.j2", t=t, locale=locale, edition=guidance,
                                 kind=k) for k in guidance.kinds]
    assert max(len(s) for s in screens) < 4000


def test_every_button_fits_in_64_bytes() -> None:
    longest_kind = max((k.id for k in SHIPPED.guidance.kinds), key=len)
    packed = [GuidePage(k=longest_kind, s=99).pack(), RightsPage(s=99).pack(),
              QuestionPress(q=999, act=QuestionAction.RESTART).pack()]
    assert all(len(p.encode()) <= 64 for p in packed)


def test_a_superseded_source_needs_a_notice() -> None:
    data = variant(assessment_data(), "source.notice", ...)
    with pytest.raises(ContentError, match=r"bad\.toml: field source: .*notice"):
        parse_edition("bad.toml", toml_dump(data))


@pytest.mark.parametrize(("path", "value", "field"), [
    ("blocks.0.criteria.0.points", 0, "points"),
    ("blocks.0.criteria.0.question", {"kk": "x", "ru": "y"}, "question.en"),
    ("blocks.1.criteria.0.id", "1.1", "duplicate criterion"),
    ("rule", "sum_all", "rule"),
    ("threshold", ..., "threshold"),
    ("blocks", [], "blocks"),
])
def test_malformed_edition_names_file_and_field(path: str, value: object, field: str) -> None:
    with pytest.raises(ContentError) as caught:
        parse_edition("org/criteria-2024.toml", toml_dump(variant(assessment_data(), path, value)))
    message = str(caught.value)
    assert message.startswith("legal content file org/criteria-2024.toml")
    assert field in message and "\n" not in message


def test_invalid_toml_is_reported_not_raised() -> None:
    with pytest.raises(ContentError, match="not valid TOML"):
        parse_edition("x.toml", b"kind = ")


def test_an_organisation_adds_a_newer_edition_without_code(tmp_path: Path) -> None:
    (tmp_path / "criteria-2024.toml").write_bytes(toml_dump(assessment_data()))
    content = load_content("test1", "ssl2008", "app3", tmp_path)
    assert content.assessment.id == "test1"
    assert content.rights.id == "ssl2008"  # the shipped ones still serve the rest
    with pytest.raises(ContentError, match=r"ASSESSMENT_EDITION names assessment edition 'nope'"):
        load_content("nope", "ssl2008", "app3", tmp_path)


def test_a_broken_file_in_legal_dir_fails_start_up(tmp_path: Path) -> None:
    (tmp_path / "broken.toml").write_text('kind = "assessment"\nid = "x"\n', encoding="utf-8")
    with pytest.raises(ContentError, match=r"broken\.toml"):
        load_content("kz2014", "ssl2008", "app3", tmp_path)


# -- issue #15 part 0: the review of the journey ------------------------------------------------
TRANSLATIONS = Translations()


def kk_texts() -> list[str]:
    """Every Kazakh text of the shipped editions and of main.ftl."""
    texts: list[str] = []

    def walk(node: object) -> None:
        if hasattr(node, "kk") and isinstance(node.kk, str):  # a Localized
            texts.append(node.kk)
        elif isinstance(node, list | tuple):
            for x in node:
                walk(x)
        elif isinstance(node, BaseModel):
            for name in type(node).model_fields:
                walk(getattr(node, name))

    walk([SHIPPED.assessment, SHIPPED.rights, SHIPPED.guidance])
    main = Path(__file__).resolve().parent.parent / "texts" / "locales" / "kk" / "main.ftl"
    return [*texts, main.read_text(encoding="utf-8")]


def test_a_criterion_about_a_child_needs_words_for_the_child() -> None:
    data = variant(assessment_data(), "blocks.0.criteria.0.about", "child")
    with pytest.raises(ContentError, match=r"x\.toml: field \(top level\): .*meaning_child"):
        parse_edition("x.toml", toml_dump(data))
    data["meaning_child"] = {"kk": "бала", "ru": "ребёнок", "en": "child"}
    assert parse_edition("x.toml", toml_dump(data)).kind == "assessment"


def test_only_4_2_is_about_a_child_and_the_result_says_so() -> None:
    edition = SHIPPED.assessment
    assert [c.id for c in edition.criteria if c.about == "child"] == ["4.2"]
    assert edition.meaning_child is not None
    assert "Осы 2014 жылғы критерийлер бойынша" in edition.meaning_child.kk
    assert "баланы" in edition.meaning_child.kk and "ребёнка" in edition.meaning_child.ru


def test_kazakh_wording_from_the_review() -> None:
    texts = kk_texts()
    joined = "\n".join(texts)
    # a list of what to write, not questions ending in a full stop
    assert not [x for x in texts if re.search(r"\b(ма|ме|ба|бе|па|пе)\.$", x)]
    assert "Мұны кім жасады." not in joined
    statements = [s for k in SHIPPED.guidance.kinds for s in k.sections if s.id == "statement"]
    assert len(statements) == 3
    assert all(s.items[1].kk == "Мұны кім жасағанын." for s in statements)
    assert SHIPPED.assessment.meaning.kk.startswith("Осы 2014 жылғы критерийлер бойынша")
    assert "Бұл басылым бойынша" not in joined
    kk = TRANSLATIONS.get("kk")
    assert kk("question-previous", answer="y").startswith("Бұл сұраққа бұрынғы жауабыңыз:")
    assert "(шегі: 5)" in kk("result-points", points=3, threshold=5)
    assert kk("btn-legal-words") == "📖 Ресми мәтін"
    # one form for "a person in a difficult life situation": the manual's
    assert "өмірлік қиын жағдайдағы" not in joined and "қиын жағдайға тап" not in joined
    assert joined.count("өмірлік қиын жағдайда жүрген адам") >= 3


def test_russian_and_english_wording_from_the_review() -> None:
    notice = SHIPPED.rights.source.notice
    assert notice is not None
    assert notice.ru.endswith(
        "Актуальный текст уточните у социального защитника или по номеру 111.")
    grave = next(c for c in SHIPPED.assessment.criteria if c.id == "1.5")
    assert "потеряли зрение или слух, у вас прервалась беременность" in grave.question.ru
    assert "(порог: 5)" in TRANSLATIONS.get("ru")("result-points", points=3, threshold=5)
    assert "(threshold: 5)" in TRANSLATIONS.get("en")("result-points", points=3, threshold=5)


def test_only_manual_wording_is_called_official_the_rest_adapted() -> None:
    adapted = {c.id for c in SHIPPED.assessment.criteria if c.adapted}
    assert adapted == {"1.3", "1.4", "1.5", "2.3"}
    t = TRANSLATIONS.get("kk")
    for criterion in SHIPPED.assessment.criteria:
        text = TEMPLATES.render("question.html.j2", t=t, locale="kk", edition=SHIPPED.assessment,
                                block=SHIPPED.assessment.blocks[0], criterion=criterion,
                                number=1, total=16, legal=True, reprompt=False, urgent=False,
                                previous=None, support=None)
        assert (t("legal-wording-adapted") in text) == criterion.adapted
        assert (f"«{criterion.legal.kk}»" in text) == (not criterion.adapted)


# What LEGAL-CURRENCY.md confirms about the numbers: 111 is free from landlines and mobiles,
# 24/7, anonymous and takes text messages; nothing is confirmed about 112/102/103 being free,
# nor about 150 being free or 24/7; nothing about calling "with no balance".
UNCONFIRMED = re.compile(r"balance|credit|баланс|на счёте|Calls are free|Звонки бесплатные"
                         r"|Қоңыраулар тегін", re.I)
FREE_OR_ALWAYS = re.compile(r"free|24/7|тегін|тәулік|бесплатн|круглосуточн", re.I)


@pytest.mark.parametrize("locale", LOCALES)
def test_numbers_say_only_what_a_source_confirms(locale: str) -> None:
    t = TRANSLATIONS.get(locale)
    screens = [t("sos-text"), t("talk-text"), t("urgent-note")]
    now = [s for k in SHIPPED.guidance.kinds for s in k.sections if s.id == "now"]
    lines = [line for text in screens for line in text.splitlines()]
    lines += [item.get(locale) for s in now for item in s.items]
    lines.append(SHIPPED.assessment.criteria[6].support.get(locale))  # type: ignore[union-attr]
    assert not [x for x in lines if UNCONFIRMED.search(x)]
    about_150 = [x for x in lines if "150" in x and "111" not in x]
    assert about_150 and not [x for x in about_150 if FREE_OR_ALWAYS.search(x)]
    assert not [x for x in lines if "112" in x and "111" not in x and FREE_OR_ALWAYS.search(x)]


def test_the_suicide_question_brings_mental_health_help() -> None:
    suicide = next(c for c in SHIPPED.assessment.criteria if c.id == "2.2")
    assert suicide.support is not None
    for locale in LOCALES:
        assert "111" in suicide.support.get(locale) and "150" in suicide.support.get(locale)
    assert [c.id for c in SHIPPED.assessment.criteria if c.support] == ["2.2"]


def test_evidence_advice_not_in_appendix_3_has_its_own_label() -> None:
    guidance = SHIPPED.guidance
    evidence = {k.id: next(s for s in k.sections if s.id == "evidence") for k in guidance.kinds}
    advice = {k: " ".join(i.en for i in s.advice) for k, s in evidence.items()}
    items = {k: " ".join(i.en for i in s.items) for k, s in evidence.items()}
    assert "photos" in advice["physical"] and "photos" not in items["physical"]
    assert "screenshots" in advice["psychological"] and "trust" in advice["psychological"]
    assert "paper bag" in advice["sexual"] and "paper bag" not in items["sexual"]
    assert "receipts" in advice["economic"] and "receipts" not in items["economic"]
    # audio recording advice is dropped: its lawfulness in Kazakhstan was not verified
    every = " ".join(i.get(loc) for k in guidance.kinds for s in k.sections
                     for i in (*s.items, *s.advice) for loc in LOCALES)
    assert not re.search(r"audio|recordings?\b|диктофон|аудио|дыбысқа жаз", every, re.I)
    for locale in LOCALES:
        t = TRANSLATIONS.get(locale)
        kind = guidance.kind_by_id("physical")
        assert kind is not None
        text = TEMPLATES.render("section.html.j2", t=t, locale=locale, edition=guidance,
                                heading=kind.title, section=evidence["physical"])
        label_at = text.index(t("advice-label"))
        assert text.index(evidence["physical"].advice[0].get(locale)) > label_at
        assert text.index(evidence["physical"].items[0].get(locale)) < label_at


@pytest.mark.parametrize("locale", LOCALES)
def test_the_replaced_warning_only_on_sections_it_concerns(locale: str) -> None:
    t = TRANSLATIONS.get(locale)
    guidance, rights = SHIPPED.guidance, SHIPPED.rights
    assert guidance.source.warn == "noted_sections" and rights.source.warn == "every_section"
    for kind in guidance.kinds:
        for section in kind.sections:
            text = html.unescape(TEMPLATES.render(
                "section.html.j2", t=t, locale=locale, edition=guidance, heading=kind.title,
                section=section))
            assert (t("source-outdated") in text) == bool(section.note), (kind.id, section.id)
            assert guidance.source.act.get(locale) in text
    for section in rights.sections:  # the repealed law: every section rests on it
        text = TEMPLATES.render("section.html.j2", t=t, locale=locale, edition=rights,
                                heading=rights.title, section=section)
        assert t("source-outdated") in text


def test_keyboards_keep_safety_in_reach_and_callbacks_short() -> None:
    from bot.kit import keyboards
    from bot.kit.callbacks import Go, QuickExit, Screen

    for locale in LOCALES:
        t = TRANSLATIONS.get(locale)
        for legal in (False, True):
            markup = check_keys.question(t, 999, legal_shown=legal)
            rows = markup.inline_keyboard
            assert len(rows) <= 4
            assert [b.text for b in rows[-1]] == [t("btn-sos"), t("btn-exit")]
        numbers = keyboards.after_numbers(t, "resume").inline_keyboard
        datas = [b.callback_data for r in numbers for b in r]
        assert Go(to=Screen.SOS).pack() not in datas and QuickExit().pack() in datas
        chooser = keyboards.languages(t, menu=True).inline_keyboard
        labels = [b.text for r in chooser for b in r][3:]
        assert labels == [str(t(m)) for m in ("btn-menu-trilingual", "btn-sos-trilingual",
                                              "btn-exit-trilingual")]
        greeting = keyboards.danger_question(t).inline_keyboard
        assert Go(to=Screen.GREETING_LANGUAGE).pack() in [b.callback_data for r in greeting
                                                           for b in r]
        for markup in (check_keys.question(t, 999, legal_shown=True),
                       check_keys.result(t, [(k.id, "x") for k in SHIPPED.guidance.kinds]),
                       check_keys.result(t, []), keyboards.languages(t, menu=True)):
            assert all(len(str(b.callback_data).encode()) <= 64
                       for r in markup.inline_keyboard for b in r)
