"""The journal's draft documents (issue #26): which there are, in which languages, and the
sources they rest on (texts/drafts/sources.toml, cited like the legal editions).

A draft is built from the entries the person picks: a statement to the police, or a request
for a protective order, in Kazakh or Russian. It leaves blanks for who the person is and whom
it is about: the bot never asks for those. It is a draft, to check with a social defender."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources

DRAFT_LOCALES = ("kk", "ru")  # the languages the police take a statement in
DRAFT_MAX = 20  # entries a draft may hold: it stays a few pages


class DraftKind(StrEnum):
    POLICE = "p"  # a statement to the police
    ORDER = "o"  # a request for a protective order


@dataclass(frozen=True)
class DraftSource:
    """As a legal edition is cited (texts/templates/_source.html.j2 reads these)."""

    act: dict[str, str]
    edition: str
    reference: dict[str, str]
    superseded: bool
    notice: dict[str, str]


def draft_locale(locale: str | None) -> str:
    """The person's language when the police take it, else Russian."""
    return locale if locale in DRAFT_LOCALES else "ru"


@cache
def sources() -> dict[DraftKind, DraftSource]:
    text = (resources.files("texts") / "drafts" / "sources.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    keys = {DraftKind.POLICE: "police", DraftKind.ORDER: "order"}
    return {kind: DraftSource(dict(data[key]["act"]), str(data[key]["edition"]),
                              dict(data[key]["reference"]), bool(data[key]["superseded"]),
                              dict(data[key].get("notice", {})))
            for kind, key in keys.items()}
