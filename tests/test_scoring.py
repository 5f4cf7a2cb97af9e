"""Scoring exactly as the manual says: points add up within a block; any one block at 5 counts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from bot.content import load_content
from dialogs.legal import AssessmentEdition
from dialogs.scoring import Answer, score
from tests.editions import assessment_data

SHIPPED = load_content("kz2014", "ssl2008", "app3").assessment
TEST = TypeAdapter(AssessmentEdition).validate_python(assessment_data())
# The manual's Appendix 2 (lines 2595–2716): criterion -> points.
MANUAL_POINTS = {"1.1": 3, "1.2": 2, "1.3": 5, "1.4": 5, "1.5": 5, "2.1": 3, "2.2": 5, "2.3": 5,
                 "3.1": 3, "3.2": 2, "3.3": 5, "3.4": 4, "3.5": 3, "4.1": 5, "4.2": 5, "4.3": 5}


def test_shipped_edition_has_the_manuals_table() -> None:
    assert {c.id: c.points for c in SHIPPED.criteria} == MANUAL_POINTS
    assert [b.id for b in SHIPPED.blocks] == ["physical", "psychological", "economic", "sexual"]
    assert SHIPPED.threshold == 5 and SHIPPED.source.superseded


@pytest.mark.parametrize("criterion_id", sorted(MANUAL_POINTS))
def test_every_criterion_alone(criterion_id: str) -> None:
    result = score(SHIPPED, {criterion_id: Answer.YES})
    block = next(b for b in SHIPPED.blocks if any(c.id == criterion_id for c in b.criteria))
    assert result.block(block.id).points == MANUAL_POINTS[criterion_id]
    assert sum(b.points for b in result.blocks) == MANUAL_POINTS[criterion_id]
    # a single 5-point criterion is enough on its own
    assert result.recognised == (MANUAL_POINTS[criterion_id] >= 5)


def test_four_within_a_block_is_not_enough_five_is() -> None:
    assert not score(SHIPPED, {"3.4": "y"}).recognised  # 4
    assert score(SHIPPED, {"3.4": "y", "3.2": "y"}).recognised  # 4 + 2
    assert not score(TEST, {"1.1": "y"}).recognised  # 3


def test_three_plus_two_within_one_block_is_recognised() -> None:
    result = score(SHIPPED, {"1.1": "y", "1.2": "y"})
    assert result.block("physical").points == 5 and result.recognised


def test_three_plus_two_across_blocks_is_not() -> None:
    result = score(SHIPPED, {"1.1": "y", "3.2": "y"})
    assert result.block("physical").points == 3
    assert result.block("economic").points == 2
    assert not result.recognised


def test_points_spread_over_every_block_never_add_up() -> None:
    answers = {"1.1": "y", "1.2": "n", "2.1": "y", "3.4": "y", "3.2": "n"}
    result = score(SHIPPED, answers)
    assert [b.points for b in result.blocks] == [3, 3, 4, 0]
    assert not result.recognised


def test_unsure_scores_nothing_but_is_listed() -> None:
    result = score(SHIPPED, {"1.3": "u", "2.1": "y", "4.1": "u"})
    assert result.block("physical").points == 0
    assert result.unsure == ("1.3", "4.1")
    assert not result.recognised


def test_skipped_blocks_are_marked_and_unknown_ids_ignored() -> None:
    result = score(SHIPPED, {"9.9": "y", "1.3": "y"}, skipped=["sexual"])
    assert result.block("sexual").skipped and result.block("physical").met


answers_strategy = st.dictionaries(st.sampled_from(sorted(MANUAL_POINTS)),
                                   st.sampled_from(list(Answer)))


@given(answers_strategy)
def test_recognised_iff_some_block_reaches_the_threshold(answers: dict[str, Answer]) -> None:
    result = score(SHIPPED, answers)
    per_block = {b.id: sum(c.points for c in b.criteria if answers.get(c.id) == Answer.YES)
                 for b in SHIPPED.blocks}
    assert {b.block_id: b.points for b in result.blocks} == per_block
    assert result.recognised == any(p >= 5 for p in per_block.values())
    assert set(result.unsure) == {c for c, a in answers.items() if a == Answer.UNSURE}
