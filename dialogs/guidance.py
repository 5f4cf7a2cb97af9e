"""Which guidance follows a result: one kind of violence for each block the answers touched."""

from __future__ import annotations

from dialogs.legal import GuidanceEdition, GuidanceKind
from dialogs.scoring import AssessmentResult


def guidance_after(result: AssessmentResult, guidance: GuidanceEdition) -> list[GuidanceKind]:
    """Any yes or "not sure" in a block, even below the threshold, is worth advice (block
    order), as on the person's result screen; a block with no guidance of its kind in this
    edition offers none."""
    return [kind for block in result.blocks
            if block.touched and (kind := guidance.kind_by_id(block.block_id)) is not None]
