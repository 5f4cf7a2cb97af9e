"""Scoring exactly as the manual says: points add up within a block; any one block at 5 counts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from bot.kit.content import load_content
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


# -- a criterion about a child (4.2) scores for the child, apart from the person's own points --
def test_a_yes_about_a_child_is_the_childs_not_the_persons() -> None:
    assert [c.id for c in SHIPPED.criteria if c.about == "child"] == ["4.2"]
    result = score(SHIPPED, {"4.2": Answer.YES})
    sexual = result.block("sexual")
    assert sexual.points == 5 and sexual.child_points == 5 and sexual.own_points == 0
    assert sexual.met and result.recognised  # the manual's table: the block reaches 5
    assert result.child_recognised and not result.person_recognised


def test_the_person_and_the_child_are_recognised_apart() -> None:
    both = score(SHIPPED, {"4.1": Answer.YES, "4.2": Answer.YES})
    assert both.person_recognised and both.child_recognised
    assert both.block("sexual").own_points == 5 and both.block("sexual").child_points == 5
    person_only = score(SHIPPED, {"4.3": Answer.YES, "4.2": Answer.NO})
    assert person_only.person_recognised and not person_only.child_recognised


def test_a_childs_points_never_make_up_the_persons() -> None:
    data = assessment_data({"mixed": [("1.1", 3), ("1.2", 2)]})
    data["blocks"][0]["criteria"][1]["about"] = "child"
    data["meaning_child"] = {"kk": "x", "ru": "y", "en": "z"}
    edition = TypeAdapter(AssessmentEdition).validate_python(data)
    result = score(edition, {"1.1": Answer.YES, "1.2": Answer.YES})
    assert result.block("mixed").points == 5  # 3 for the person + 2 for a child: neither has 5
    assert not result.recognised and not result.person_recognised
    assert not result.child_recognised


def test_touched_blocks_and_all_skipped() -> None:
    result = score(SHIPPED, {"3.3": Answer.UNSURE, "1.1": Answer.YES, "2.1": Answer.NO})
    assert [b.block_id for b in result.blocks if b.touched] == ["physical", "economic"]
    assert not result.all_skipped
    every = [b.id for b in SHIPPED.blocks]
    assert score(SHIPPED, {}, skipped=every).all_skipped
    assert not score(SHIPPED, {}, skipped=every[:-1]).all_skipped


@given(answers_strategy)
def test_recognised_iff_the_person_or_a_child_reaches_the_threshold_in_a_block(
        answers: dict[str, Answer]) -> None:
    result = score(SHIPPED, answers)
    for block in SHIPPED.blocks:
        yes = [c for c in block.criteria if answers.get(c.id) == Answer.YES]
        own = sum(c.points for c in yes if c.about == "person")
        child = sum(c.points for c in yes if c.about == "child")
        line = result.block(block.id)
        assert (line.own_points, line.child_points) == (own, child)
        assert line.met == (own >= 5 or child >= 5)
    assert result.recognised == (result.person_recognised or result.child_recognised)
