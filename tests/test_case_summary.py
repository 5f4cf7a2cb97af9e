"""The case summary always fits one Telegram message: the details go first when it would not."""

from __future__ import annotations

import html
import re
from types import SimpleNamespace

import pytest

from bot.handoff.desk import CaseDesk
from bot.kit.render import Templates
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
    criterion = next(c for c in CONTENT.assessment.criteria if c.id == "1.2")
    assert criterion.question_case is not None
    assert html.escape(criterion.question_case.get(locale), quote=False) in text


# what says "you" in each language: the questions the person answers do, the summary must not
SECOND_PERSON = {"kk": r"\bсіз|ңыз\b|ңіз\b|ыңыз|іңіз", "ru": r"\b(вы|вас|вам|вами|ваш\w*)\b",
                 "en": r"\b(you|your|yours)\b"}


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_the_summary_is_written_for_the_defenders_one_score_a_line(locale: str) -> None:
    """Each block's score stands on its own line (a template's block tag once swallowed the line
    break: "…(threshold: 5)⚪ Psychological…"), and the unsure questions speak of "the person",
    not to them, in every language."""
    criteria = CONTENT.assessment.criteria
    every_unsure = {c.id: "u" for c in criteria}
    every_unsure.update({"1.1": "y", "4.2": "y"})  # points, and a child's points, in two blocks
    summary_lines = visible(render(locale, every_unsure, "words")).split("\n")
    t = tr(locale)
    titles = {b.id: b.title.get(locale) for b in CONTENT.assessment.blocks}
    for block_id, points, child in (("physical", 3, 0), ("psychological", 0, 0),
                                    ("economic", 0, 0), ("sexual", 5, 5)):
        line = f"{titles[block_id]}: {visible(t('result-points', points=points, threshold=5))}"
        if child:
            line += f" · {visible(t('result-child-points', points=child))}"
        assert any(shown[2:] == line for shown in summary_lines), (line, summary_lines)
    asked = [shown.strip()[2:] for shown in summary_lines if shown.strip().startswith("❔")]
    assert len(asked) == len(criteria) - 2  # every "not sure" is named, in full
    for question in asked:
        assert not re.search(SECOND_PERSON[locale], question, re.IGNORECASE), question
    for criterion in criteria:
        assert criterion.question.get(locale) not in summary_lines
    # nor anywhere else: the whole summary, but for the person's own words, speaks of them
    theirs = summary_lines.index("words")
    for line in summary_lines[:theirs]:
        assert not re.search(SECOND_PERSON[locale], line, re.IGNORECASE), line


def test_an_edition_without_third_person_questions_shows_the_acts_wording() -> None:
    """An organisation's own edition may lack `question_case`: the summary then falls back on
    the act's impersonal wording, never on the question that says "you"."""
    from bot.handoff.desk import summary_question
    criterion = CONTENT.assessment.criteria[0].model_copy(update={"question_case": None})
    assert summary_question(criterion, third_party=False) == criterion.legal
    assert summary_question(criterion, third_party=True) == criterion.question_other


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
