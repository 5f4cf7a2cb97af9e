"""Legal content editions: the shipped ones load and fit Telegram; broken files fail clearly."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.content import ContentError, load_content, parse_edition
from bot.i18n import LOCALES, Translations
from bot.render import Templates
from bot.ui.callbacks import GuidePage, QuestionAction, QuestionPress, RightsPage
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
