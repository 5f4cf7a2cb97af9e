"""Scoring a cruel-treatment pre-assessment exactly as the manual says (lines 131–200).

Points add up within one block only; a person is recognised when ANY ONE block reaches the
threshold. Points are never added across blocks. "Not sure" scores nothing but is kept, so the
person can discuss it with a defender.

A criterion about a child (4.2: acts against a child under 14) scores for the child: within its
block those points are kept apart from the answering person's own, and never added to them.
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
    child_points: int = 0  # the part of `points` from criteria about a child

    @property
    def own_points(self) -> int:
        """Points for the person answering (criteria about them)."""
        return self.points - self.child_points

    @property
    def person_met(self) -> bool:
        return self.own_points >= self.threshold

    @property
    def child_met(self) -> bool:
        return self.child_points >= self.threshold

    @property
    def met(self) -> bool:
        """The block reaches the threshold for the person or for a child."""
        return self.person_met or self.child_met

    @property
    def touched(self) -> bool:
        """Any yes or "not sure" in the block: worth that kind's guidance."""
        return self.points > 0 or bool(self.unsure)


@dataclass(frozen=True)
class AssessmentResult:
    blocks: tuple[BlockScore, ...]

    @property
    def recognised(self) -> bool:
        """Some block reaches the threshold, for the person or for a child."""
        return any(b.met for b in self.blocks)

    @property
    def person_recognised(self) -> bool:
        return any(b.person_met for b in self.blocks)

    @property
    def child_recognised(self) -> bool:
        return any(b.child_met for b in self.blocks)

    @property
    def all_skipped(self) -> bool:
        """The person skipped every group of questions."""
        return all(b.skipped for b in self.blocks)

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
        child = sum(c.points for c in block.criteria if c.id in yes and c.about == "child")
        blocks.append(BlockScore(block.id, points, edition.threshold, yes, unsure,
                                 block.id in skipped_blocks, child_points=child))
    return AssessmentResult(tuple(blocks))
