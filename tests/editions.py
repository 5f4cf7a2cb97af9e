"""Small edition data for unit tests: the shape of the shipped file, with made-up texts."""

from __future__ import annotations

import copy
from typing import Any


def loc(text: str) -> dict[str, str]:
    return {"kk": f"{text} (kk)", "ru": f"{text} (ru)", "en": text}


def assessment_data(blocks: dict[str, list[tuple[str, int]]] | None = None) -> dict[str, Any]:
    blocks = blocks or {
        "physical": [("1.1", 3), ("1.2", 2), ("1.3", 5)],
        "psychological": [("2.1", 3), ("2.2", 5)],
        "economic": [("3.1", 3), ("3.2", 2), ("3.4", 4)],
    }
    return {
        "kind": "assessment",
        "id": "test1",
        "title": loc("Criteria"),
        "source": {"act": loc("Joint order"), "edition": "2014", "reference": loc("Appendix 2"),
                   "superseded": True, "notice": loc("Repealed")},
        "threshold": 5,
        "rule": "any_block",
        "meaning": loc("Grounds for help"),
        "blocks": [
            {"id": block_id, "title": loc(block_id),
             "criteria": [{"id": cid, "points": pts, "question": loc(f"Q {cid}"),
                           "legal": loc(f"L {cid}")} for cid, pts in criteria]}
            for block_id, criteria in blocks.items()
        ],
    }


def variant(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy with one field replaced (path like "blocks.0.criteria.0.points");
    the value ... deletes the field."""
    out = copy.deepcopy(data)
    *parents, last = path.split(".")
    node: Any = out
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    key: Any = int(last) if last.isdigit() else last
    if value is ...:
        del node[key]
    else:
        node[key] = value
    return out
