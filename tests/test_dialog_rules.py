"""Domain rules kept pure in dialogs/: the urgent rule, which guidance follows a result, the
long-text fallback, and who someone is in a chat."""

from __future__ import annotations

from pydantic import TypeAdapter

from dialogs.fit import MESSAGE_LIMIT, fit
from dialogs.guidance import guidance_after
from dialogs.legal import AssessmentEdition, GuidanceEdition
from dialogs.questionnaire import Progress
from dialogs.roles import Role, role_of
from dialogs.scoring import Answer, score
from dialogs.urgency import answer_is_urgent, any_urgent
from tests.editions import assessment_data, loc, variant

# 1.3 (physical) may mean danger to life; nothing else does.
EDITION = TypeAdapter(AssessmentEdition).validate_python(
    variant(assessment_data(), "blocks.0.criteria.2.urgent", True))


def _guidance(*kind_ids: str) -> GuidanceEdition:
    section = {"id": "s1", "title": loc("Steps"), "items": [loc("Call")]}
    return TypeAdapter(GuidanceEdition).validate_python({
        "kind": "guidance", "id": "g1", "title": loc("Guidance"),
        "source": {"act": loc("Manual"), "edition": "2020", "reference": loc("App. 3"),
                   "superseded": False},
        "kinds": [{"id": k, "title": loc(k), "summary": loc(k), "sections": [section]}
                  for k in kind_ids],
    })


def test_only_a_yes_to_an_urgent_criterion_is_urgent() -> None:
    assert any_urgent(EDITION, {"1.3": "y"})
    assert not any_urgent(EDITION, {"1.3": "n", "1.1": "y", "2.2": "y"})
    assert not any_urgent(EDITION, {"1.3": "u"})
    assert not any_urgent(EDITION, {})


def test_the_answer_on_screen_is_urgent_only_on_an_urgent_question() -> None:
    on_urgent, on_plain = Progress("test1", position=2), Progress("test1", position=0)
    assert answer_is_urgent(EDITION, on_urgent, Answer.YES)
    assert not answer_is_urgent(EDITION, on_urgent, Answer.UNSURE)
    assert not answer_is_urgent(EDITION, on_plain, Answer.YES)
    assert not answer_is_urgent(EDITION, Progress("test1", position=99), Answer.YES)  # finished


def test_guidance_follows_every_block_with_a_yes_or_not_sure_in_block_order() -> None:
    result = score(EDITION, {"3.2": "y", "1.1": "y", "2.1": "n", "2.2": "u", "4.1": "n"})
    kinds = guidance_after(result, _guidance("psychological", "economic", "physical", "sexual"))
    # below the threshold still counts; a block of only "no" does not
    assert [k.id for k in kinds] == ["physical", "psychological", "economic"]


def test_a_not_sure_is_worth_that_kinds_guidance_too() -> None:
    result = score(EDITION, {"3.1": "u"})
    assert [k.id for k in guidance_after(result, _guidance("economic"))] == ["economic"]


def test_a_block_without_guidance_of_its_kind_offers_none() -> None:
    result = score(EDITION, {"1.1": "y", "3.1": "y"})
    assert [k.id for k in guidance_after(result, _guidance("economic"))] == ["economic"]
    assert guidance_after(score(EDITION, {}), _guidance("economic")) == []


def test_long_text_keeps_the_detail_only_when_it_fits() -> None:
    asked: list[bool] = []

    def render(size: int):
        def inner(detail: bool) -> str:
            asked.append(detail)
            return "x" * (size if detail else 10)
        return inner

    assert fit(render(MESSAGE_LIMIT)) == "x" * MESSAGE_LIMIT and asked == [True]
    asked.clear()
    assert fit(render(MESSAGE_LIMIT + 1)) == "x" * 10 and asked == [True, False]
    assert fit(lambda detail: "long" if detail else "s", limit=3) == "s"


def test_roles_follow_the_chat_and_the_settings() -> None:
    defenders, admins = -100123, {7}
    assert role_of(5, 5, "private", {defenders}, admins) == Role.VICTIM
    assert role_of(7, 7, "private", {defenders}, admins) == Role.ADMIN
    assert role_of(7, defenders, "supergroup", {defenders}, admins) == Role.DEFENDER
    assert role_of(5, -100999, "supergroup", {defenders}, admins) is None
    assert role_of(5, -100123, "supergroup", set(), admins) is None  # no group configured
    assert role_of(5, None, None, {defenders}, admins) is None
