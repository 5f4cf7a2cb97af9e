"""The case summary always fits one Telegram message: the details go first when it would not."""

from __future__ import annotations

import html
import re
from types import SimpleNamespace

import pytest

from bot.handoff.desk import CaseDesk
from bot.render import Templates
from dialogs.handoff import DESCRIPTION_LIMIT, Contact, Intake, summarise
from tests.screens import CONTENT, tr

DESK = SimpleNamespace(templates=Templates(), content=CONTENT)


def visible(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def render(locale: str, answers: dict[str, str], words: str) -> str:
    intake = Intake(region="almaty-city", children=True, danger_now=True, contact=Contact.BOT,
                    description=words)
    summary = summarise(intake, locale, CONTENT.assessment, CONTENT.guidance, answers)
    return CaseDesk.summary_text(DESK, summary, tr(locale), 12345)  # type: ignore[arg-type]


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_the_worst_case_fits_and_keeps_the_persons_words(locale: str) -> None:
    every_unsure = {c.id: "u" for c in CONTENT.assessment.criteria}
    words = ("Ол мені <ұрады> & " * 200)[:DESCRIPTION_LIMIT]
    text = render(locale, every_unsure, words)
    assert len(visible(text)) <= 3500
    assert html.escape(words.strip(), quote=False) in text  # never cut: the person's own words
    assert "❔" in text  # how many were "not sure" is still said


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_a_usual_case_keeps_every_detail(locale: str) -> None:
    some = {"1.1": "y", "1.2": "u"}
    text = render(locale, some, "Short words")
    question = next(c for c in CONTENT.assessment.criteria if c.id == "1.2").question.get(locale)
    assert html.escape(question, quote=False) in text


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_points_about_a_child_are_named_as_such_for_the_defenders(locale: str) -> None:
    """4.2 (acts against a child under 14) scores for the child: the defenders are told so,
    instead of reading the child's points as the person's own."""
    text = visible(render(locale, {"4.2": "y"}, "words"))
    assert visible(tr(locale)("result-child-points", points=5)) in text
    assert visible(tr(locale)("case-recognised-child")) in text
    own = visible(render(locale, {"4.1": "y"}, "words"))
    assert visible(tr(locale)("case-recognised-child")) not in own


def test_a_summary_stored_before_child_points_were_kept_still_opens() -> None:
    intake = Intake(region="astana", children=False, danger_now=False)
    summary = summarise(intake, "ru", CONTENT.assessment, CONTENT.guidance, {"4.2": "y"})
    data = summary.to_data()
    assert summary.child_recognised and type(summary).from_data(data) == summary
    data["blocks"] = [block[:4] for block in data["blocks"]]  # the older form, without the 5th
    older = type(summary).from_data(data)
    assert not older.child_recognised and older.blocks[3].points == 5
