"""Loading legal content editions from files, validated at start-up.

The shipped editions live in `texts/legal/`; an organisation may keep newer ones in LEGAL_DIR,
which wins for the same id. A wrong file stops start-up with its name, the field and the reason.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from dialogs.legal import AssessmentEdition, Edition, GuidanceEdition, RightsEdition

_adapter: TypeAdapter[Any] = TypeAdapter(Edition)


class ContentError(Exception):
    """A legal content file is malformed or missing; one line for the operator."""


@dataclass(frozen=True)
class LegalContent:
    assessment: AssessmentEdition
    rights: RightsEdition
    guidance: GuidanceEdition


def parse_edition(name: str, raw: bytes) -> AssessmentEdition | RightsEdition | GuidanceEdition:
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ContentError(f"legal content file {name} is not valid TOML: {exc}") from None
    try:
        return _adapter.validate_python(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        location = list(error["loc"])
        if location and location[0] == data.get("kind"):  # pydantic's discriminator tag
            location = location[1:]
        field = ".".join(str(p) for p in location) or "(top level)"
        reason = str(error["msg"]).removeprefix("Value error, ")
        raise ContentError(f"legal content file {name}: field {field}: {reason}") from None


def _shipped_files() -> list[tuple[str, bytes]]:
    folder = resources.files("texts") / "legal"
    return [(f"texts/legal/{e.name}", e.read_bytes()) for e in folder.iterdir()
            if e.name.endswith(".toml")]


def _local_files(folder: Path) -> list[tuple[str, bytes]]:
    if not folder.is_dir():
        raise ContentError(f"setting LEGAL_DIR names {folder}, which is not a folder")
    return [(str(p), p.read_bytes()) for p in sorted(folder.glob("*.toml"))]


def load_content(
    assessment_id: str, rights_id: str, guidance_id: str, legal_dir: Path | None = None
) -> LegalContent:
    editions: dict[tuple[str, str], Any] = {}
    files = _shipped_files() + (_local_files(legal_dir) if legal_dir else [])
    for name, raw in files:  # later files (the organisation's own) override shipped ones
        edition = parse_edition(name, raw)
        editions[(edition.kind, edition.id)] = edition

    def pick(kind: str, edition_id: str, setting: str) -> Any:
        if (kind, edition_id) not in editions:
            known = sorted(i for k, i in editions if k == kind) or ["none"]
            raise ContentError(
                f"setting {setting} names {kind} edition {edition_id!r}, which no file holds"
                f" (found: {', '.join(known)})"
            )
        return editions[(kind, edition_id)]

    return LegalContent(
        assessment=pick("assessment", assessment_id, "ASSESSMENT_EDITION"),
        rights=pick("rights", rights_id, "RIGHTS_EDITION"),
        guidance=pick("guidance", guidance_id, "GUIDANCE_EDITION"),
    )
