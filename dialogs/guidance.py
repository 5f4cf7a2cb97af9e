"""Which guidance follows a result: one kind of violence for each block the answers touched."""

from __future__ import annotations

from dialogs.legal import GuidanceEdition, GuidanceKind
from dialogs.scoring import AssessmentResult


def guidance_after(result: AssessmentResult, guidance: GuidanceEdition) -> list[GuidanceKind]:
    """Any points in a block, even below the threshold, are worth advice (block order);
    a block with no guidance of its kind in this edition offers none."""
    return [kind for block in result.blocks
            if block.points > 0 and (kind := guidance.kind_by_id(block.block_id)) is not None]
