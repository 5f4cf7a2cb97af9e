"""Moving through the pre-assessment: one question at a time, Back, and skipping a block.

The progress is a small dict kept in the dialog's FSM data (JSON), so the questionnaire survives
a restart and resumes at the same question with every earlier answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from dialogs.legal import AssessmentEdition, Block, Criterion, Localized
from dialogs.scoring import Answer


@dataclass(frozen=True)
class Progress:
    edition: str
    position: int = 0  # index into the edition's criteria; == their number when finished
    answers: dict[str, str] = field(default_factory=dict)
    skipped: tuple[str, ...] = ()  # block ids the person chose to skip
    history: tuple[int, ...] = ()  # positions visited before this one, for Back
    # The questions are about someone else: asked by a relative, friend or neighbour who is
    # worried about them (each criterion's `question_other`); same criteria, same scoring.
    other: bool = False

    def to_data(self) -> dict[str, Any]:
        data = {"edition": self.edition, "pos": self.position, "answers": dict(self.answers),
                "skipped": list(self.skipped), "history": list(self.history)}
        return {**data, "other": True} if self.other else data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Progress | None:
        """The progress kept in FSM data, or None when there is none (or it is unreadable)."""
        try:
            return cls(
                edition=str(data["edition"]),
                position=int(data["pos"]),
                answers={str(k): str(v) for k, v in data.get("answers", {}).items()},
                skipped=tuple(str(b) for b in data.get("skipped", [])),
                history=tuple(int(p) for p in data.get("history", [])),
                other=data.get("other") is True,
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            return None


def total(edition: AssessmentEdition) -> int:
    return len(edition.criteria)


def is_finished(edition: AssessmentEdition, progress: Progress) -> bool:
    return progress.position >= total(edition)


def current(edition: AssessmentEdition, progress: Progress) -> tuple[Block, Criterion] | None:
    """The block and question to ask now, or None when every question is behind."""
    if not 0 <= progress.position < total(edition):
        return None
    criterion = edition.criteria[progress.position]
    return block_of(edition, criterion.id), criterion


def question(criterion: Criterion, progress: Progress) -> Localized:
    """The criterion's question as this questionnaire asks it: about the person answering, or
    about someone else (a progress `other`, when the edition has the wording)."""
    if progress.other and criterion.question_other is not None:
        return criterion.question_other
    return criterion.question


def block_of(edition: AssessmentEdition, criterion_id: str) -> Block:
    return next(b for b in edition.blocks if any(c.id == criterion_id for c in b.criteria))


def _next_position(edition: AssessmentEdition, start: int, skipped: tuple[str, ...]) -> int:
    criteria = edition.criteria
    position = start
    while position < len(criteria) and block_of(edition, criteria[position].id).id in skipped:
        position += 1
    return position


def answer(edition: AssessmentEdition, progress: Progress, value: Answer) -> Progress:
    here = current(edition, progress)
    if here is None:
        return progress
    answers = {**progress.answers, here[1].id: value.value}
    return replace(
        progress,
        answers=answers,
        position=_next_position(edition, progress.position + 1, progress.skipped),
        history=(*progress.history, progress.position),
    )


def support_after(edition: AssessmentEdition, progress: Progress, value: Answer
                  ) -> Localized | None:
    """The help to show at once after this answer to the question on screen: a criterion's
    `support` (such as mental-health lines after a yes to 2.2), or None."""
    here = current(edition, progress)
    if here is None or value != Answer.YES:
        return None
    return _support(here[1], progress.other)


def _support(criterion: Criterion, other: bool) -> Localized | None:
    """The help for the one answering: about themselves, or worried about someone else."""
    if other and criterion.support_other is not None:
        return criterion.support_other
    return criterion.support


def supports(edition: AssessmentEdition, answers: Mapping[str, str], other: bool = False,
             ) -> list[Localized]:
    """Every criterion's support earned by a yes so far, in the edition's order."""
    return [s for c in edition.criteria
            if answers.get(c.id) == Answer.YES and (s := _support(c, other)) is not None]


def skip_block(edition: AssessmentEdition, progress: Progress) -> Progress:
    """Skip the rest of the current block; answers already given in it are kept."""
    here = current(edition, progress)
    if here is None:
        return progress
    skipped = (*progress.skipped, here[0].id)
    return replace(
        progress,
        skipped=skipped,
        position=_next_position(edition, progress.position + 1, skipped),
        history=(*progress.history, progress.position),
    )


def back(progress: Progress, edition: AssessmentEdition) -> Progress | None:
    """The previous question (its block no longer skipped), or None at the first question."""
    if not progress.history:
        return None
    position = progress.history[-1]
    block_id = block_of(edition, edition.criteria[position].id).id
    return replace(
        progress,
        position=position,
        history=progress.history[:-1],
        skipped=tuple(b for b in progress.skipped if b != block_id),
    )
