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

# The questionnaire's dialog states as aiogram stores them (bot/assessment/states.py defines
# them, tests/test_layers.py holds the two alike), for the features that read where someone is.
ANSWERING, FINISHED = "Assessment:answering", "Assessment:finished"


def under_way(raw_state: str | None, data: Mapping[str, Any], edition_id: str) -> Progress | None:
    """The questionnaire under way in this dialog state and data: none unless a question is on
    screen; a progress kept for another edition of the criteria counts as none (its questions
    may differ)."""
    if raw_state != ANSWERING:
        return None
    progress = Progress.from_data(data.get("assessment", {}))
    if progress is not None and progress.edition != edition_id:
        return None
    return progress


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
        """As kept in the dialog's data (sealed): what is empty or false is left out."""
        data: dict[str, Any] = {"edition": self.edition, "pos": self.position,
                                "answers": _packed(self.answers)}
        if self.skipped:
            data["skipped"] = list(self.skipped)
        if self.history:
            data["history"] = list(self.history)
        if self.other:
            data["other"] = True
        return data

    def concluded(self) -> Progress:
        """What is kept once the result is shown: the answers (for a case summary and
        /mydata), not the way back through the questions, which are behind."""
        return replace(self, history=())

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Progress | None:
        """The progress kept in FSM data, or None when there is none (or it is unreadable)."""
        try:
            return cls(
                edition=str(data["edition"]),
                position=int(data["pos"]),
                answers=_unpacked(data.get("answers", {})),
                skipped=tuple(str(b) for b in data.get("skipped", [])),
                history=tuple(int(p) for p in data.get("history", [])),
                other=data.get("other") is True,
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            return None


def _packed(answers: Mapping[str, str]) -> str | dict[str, str]:
    """The answers as one string, "1.1=y,1.2=n": about 40 % of the JSON map's length, and so
    of the sealed value's (a finished check is kept until /forget or a new check). The map
    itself if an id could not be read back from the string."""
    if any("," in k or "=" in k for k in answers):
        return dict(answers)
    return ",".join(f"{k}={v}" for k, v in answers.items())


def _unpacked(stored: object) -> dict[str, str]:
    """The answers from either stored form (earlier releases kept the map)."""
    if isinstance(stored, str):
        pairs = [pair.split("=") for pair in stored.split(",")] if stored else []
        return {k: v for k, v in pairs}  # a pair without one "=" is unreadable: ValueError
    if isinstance(stored, Mapping):
        return {str(k): str(v) for k, v in stored.items()}
    raise TypeError("answers are neither a string nor a map")


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
