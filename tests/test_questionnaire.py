"""Moving through the questionnaire: answers, Back, skipping a block, resuming from saved data."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from dialogs import questionnaire as q
from dialogs.legal import AssessmentEdition
from dialogs.questionnaire import Progress
from dialogs.scoring import Answer
from tests.editions import assessment_data

EDITION = TypeAdapter(AssessmentEdition).validate_python(assessment_data())


def ids_asked(progress: Progress) -> str | None:
    here = q.current(EDITION, progress)
    return here[1].id if here else None


def test_answers_move_forward_and_are_kept() -> None:
    p = Progress(edition="test1")
    assert ids_asked(p) == "1.1" and q.total(EDITION) == 8
    p = q.answer(EDITION, p, Answer.YES)
    p = q.answer(EDITION, p, Answer.UNSURE)
    assert ids_asked(p) == "1.3" and p.answers == {"1.1": "y", "1.2": "u"}


def test_back_returns_to_the_previous_question_with_answers_intact() -> None:
    p = q.answer(EDITION, Progress(edition="test1"), Answer.YES)
    back = q.back(p, EDITION)
    assert back is not None and ids_asked(back) == "1.1" and back.answers == {"1.1": "y"}
    assert q.back(back, EDITION) is None  # at the first question


def test_skip_block_jumps_to_the_next_block_and_back_undoes_it() -> None:
    p = q.answer(EDITION, Progress(edition="test1"), Answer.YES)
    p = q.skip_block(EDITION, p)
    assert ids_asked(p) == "2.1" and p.skipped == ("physical",) and p.answers == {"1.1": "y"}
    back = q.back(p, EDITION)
    assert back is not None and ids_asked(back) == "1.2" and back.skipped == ()


def test_skipping_the_last_block_finishes() -> None:
    p = Progress(edition="test1", position=5)
    p = q.skip_block(EDITION, p)
    assert q.is_finished(EDITION, p) and q.current(EDITION, p) is None


def test_progress_round_trips_through_fsm_data_and_rejects_garbage() -> None:
    p = q.skip_block(EDITION, q.answer(EDITION, Progress(edition="test1"), Answer.NO))
    assert Progress.from_data(p.to_data()) == p
    assert Progress.from_data({}) is None
    assert Progress.from_data({"edition": "x", "pos": "abc"}) is None
    assert Progress.from_data({"edition": "x", "pos": 1, "answers": [1]}) is None


moves = st.lists(st.sampled_from(["y", "n", "u", "back", "skip"]), max_size=40)


@given(moves)
def test_any_sequence_of_presses_stays_consistent(presses: list[str]) -> None:
    p = Progress(edition="test1")
    for press in presses:
        if press == "back":
            p = q.back(p, EDITION) or p
        elif press == "skip":
            p = q.skip_block(EDITION, p)
        else:
            p = q.answer(EDITION, p, Answer(press))
        assert 0 <= p.position <= q.total(EDITION)
        here = q.current(EDITION, p)
        if here is not None:
            assert here[0].id not in p.skipped
        assert set(p.answers) <= {c.id for c in EDITION.criteria}


def test_support_follows_a_yes_to_a_criterion_that_has_it() -> None:
    data = assessment_data()
    data["blocks"][1]["criteria"][1]["support"] = {"kk": "150 (kk)", "ru": "150 (ru)",
                                                   "en": "talk to 111 or 150"}
    edition = TypeAdapter(AssessmentEdition).validate_python(data)
    at_22 = Progress(edition="test1", position=4)  # 2.2
    assert q.current(edition, at_22)[1].id == "2.2"  # type: ignore[index]
    support = q.support_after(edition, at_22, Answer.YES)
    assert support is not None and support.en == "talk to 111 or 150"
    assert q.support_after(edition, at_22, Answer.NO) is None
    assert q.support_after(edition, at_22, Answer.UNSURE) is None
    assert q.support_after(edition, Progress(edition="test1"), Answer.YES) is None  # 1.1
    assert q.supports(edition, {"2.2": "y", "1.1": "y"}) == [support]
    assert q.supports(edition, {"2.2": "n"}) == []


def test_answers_are_kept_as_one_string_and_the_map_of_earlier_releases_still_reads() -> None:
    progress = Progress(edition="x", position=2, answers={"1.1": "y", "1.2": "u"}, history=(0, 1))
    data = progress.to_data()
    assert data == {"edition": "x", "pos": 2, "answers": "1.1=y,1.2=u", "history": [0, 1]}
    assert Progress.from_data(data) == progress
    earlier = {"edition": "x", "pos": 2, "answers": {"1.1": "y", "1.2": "u"},
               "skipped": [], "history": [0, 1]}
    assert Progress.from_data(earlier) == progress
    assert Progress.from_data({"edition": "x", "pos": 0, "answers": ""}) == Progress("x")
    for unreadable in ("1.1", "1.1=y=n", "1.1=y,"):
        assert Progress.from_data({"edition": "x", "pos": 1, "answers": unreadable}) is None
    odd = Progress(edition="x", answers={"a,b": "y"})  # an id the string could not carry
    assert Progress.from_data(odd.to_data()) == odd


def test_a_concluded_check_keeps_its_answers_not_the_way_back() -> None:
    progress = Progress(edition="x", position=3, answers={"1.1": "n"}, skipped=("b",),
                        history=(0, 1, 2), other=True)
    kept = progress.concluded()
    assert kept.to_data() == {"edition": "x", "pos": 3, "answers": "1.1=n", "skipped": ["b"],
                              "other": True}
    assert (kept.answers, kept.skipped, kept.other) == (progress.answers, ("b",), True)
