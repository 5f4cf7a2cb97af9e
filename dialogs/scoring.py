"""Scoring a cruel-treatment pre-assessment exactly as the manual says (lines 131–200).

Points add up within one block only; a person is recognised when ANY ONE block reaches the
threshold. Points are never added across blocks. "Not sure" scores nothing but is kept, so the
person can discuss it with a defender.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from dialogs.legal import AssessmentEdition


class Answer(StrEnum):
    YES = "y"
    NO = "n"
    UNSURE = "u"


@dataclass(frozen=True)
class BlockScore:
    block_id: str
    points: int
    threshold: int
    yes: tuple[str, ...]  # criterion ids answered yes
    unsure: tuple[str, ...]  # criterion ids answered "not sure"
    skipped: bool

    @property
    def met(self) -> bool:
        return self.points >= self.threshold


@dataclass(frozen=True)
class AssessmentResult:
    blocks: tuple[BlockScore, ...]

    @property
    def recognised(self) -> bool:
        return any(b.met for b in self.blocks)

    @property
    def unsure(self) -> tuple[str, ...]:
        return tuple(c for b in self.blocks for c in b.unsure)

    def block(self, block_id: str) -> BlockScore:
        return next(b for b in self.blocks if b.block_id == block_id)


def score(
    edition: AssessmentEdition, answers: Mapping[str, str], skipped: Iterable[str] = ()
) -> AssessmentResult:
    skipped_blocks = set(skipped)
    blocks = []
    for block in edition.blocks:
        yes = tuple(c.id for c in block.criteria if answers.get(c.id) == Answer.YES)
        unsure = tuple(c.id for c in block.criteria if answers.get(c.id) == Answer.UNSURE)
        points = sum(c.points for c in block.criteria if c.id in yes)
        blocks.append(
            BlockScore(block.id, points, edition.threshold, yes, unsure, block.id in skipped_blocks)
        )
    return AssessmentResult(tuple(blocks))
