"""The urgent rule: a yes to a criterion that may mean danger to life.

The bot shows the emergency numbers at once after such an answer, and again on the result.
"""

from __future__ import annotations

from collections.abc import Mapping

from dialogs.legal import AssessmentEdition, Criterion
from dialogs.questionnaire import Progress, current
from dialogs.scoring import Answer


def is_urgent(criterion: Criterion, answer: str | None) -> bool:
    return criterion.urgent and answer == Answer.YES


def answer_is_urgent(edition: AssessmentEdition, progress: Progress, answer: Answer) -> bool:
    """Whether this answer to the question on screen is urgent."""
    here = current(edition, progress)
    return here is not None and is_urgent(here[1], answer)


def any_urgent(edition: AssessmentEdition, answers: Mapping[str, str]) -> bool:
    """Whether any answer given so far is urgent."""
    return any(is_urgent(c, answers.get(c.id)) for c in edition.criteria)
