"""Schema of legal content editions (pure: no I/O, no aiogram).

Legal content is data: an organisation that has newer texts adds an edition file and selects it
by a setting. Every edition names its source act and whether that act is known to be superseded,
so the bot can show both next to every statement.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

LOCALES = ("kk", "ru", "en")
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Ident = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{0,31}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(_Strict):
    """One text in every supported language: kk and ru are first-class, en for everyone else."""

    kk: Text
    ru: Text
    en: Text

    def get(self, locale: str) -> str:
        return getattr(self, locale if locale in LOCALES else "en")


class Source(_Strict):
    """Where a statement comes from, and whether that act still stands."""

    act: Localized
    edition: Text  # the date or edition of the act as the manual gives it, e.g. "2014-12-22"
    reference: Localized  # where in the source: article, appendix
    superseded: bool
    notice: Localized | None = None  # plain words for the reader when superseded or outdated
    # Where a superseded edition source warns: on every section that rests on it, or only on
    # the sections with a `note` (what changed); the others cite it as a plain source, so a
    # section that did not change does not carry a "replaced" alarm.
    warn: Literal["every_section", "noted_sections"] = "every_section"

    @model_validator(mode="after")
    def _superseded_needs_notice(self) -> Source:
        if self.superseded and self.notice is None:
            raise ValueError("a superseded source needs a notice")
        return self


class Section(_Strict):
    id: Ident
    title: Localized
    items: list[Localized] = Field(min_length=1)
    # general advice that does not come from the section's source: shown under its own label
    advice: list[Localized] = Field(default_factory=list)
    # a correction to this section (what LEGAL-CURRENCY.md says has changed)
    note: Localized | None = None
    source: Source | None = None  # an act this section rests on besides the edition's own


class Criterion(_Strict):
    id: Ident
    points: int = Field(ge=1, le=100)
    question: Localized  # plain words a person recognises from their own life
    # the same question about someone else ("this person"), for a relative, friend or
    # neighbour who is worried about them (the "someone else" section); same criterion, same
    # points
    question_other: Localized | None = None
    # the same question as the defenders read it in a case summary, about "the person" who
    # turned to them: the summary is written for them, not to the person. Without it the
    # summary shows `legal` (impersonal too), never the question that says "you".
    question_case: Localized | None = None
    legal: Localized  # the wording of the act
    adapted: bool = False  # `legal` is edited from the act's wording, not quoted: said so
    urgent: bool = False  # a yes may mean danger to life: the bot shows emergency numbers at once
    # Whose harm the criterion describes. A "child" criterion (a child under 14) scores for the
    # child, never for the person answering: their points are kept apart within the block.
    about: Literal["person", "child"] = "person"
    support: Localized | None = None  # help shown at once after a yes (e.g. mental-health lines)
    support_other: Localized | None = None  # the same help, for someone asking about another


class Block(_Strict):
    id: Ident
    title: Localized
    criteria: list[Criterion] = Field(min_length=1)


class _Edition(_Strict):
    id: Ident
    title: Localized
    source: Source


class AssessmentEdition(_Edition):
    kind: Literal["assessment"]
    threshold: int = Field(ge=1)
    rule: Literal["any_block"]  # points add up within one block only; any block at threshold counts
    meaning: Localized  # what reaching the threshold means for the person
    meaning_child: Localized | None = None  # the same for a child (criteria about a child)
    meaning_other: Localized | None = None  # what it means for the person someone asks about
    blocks: list[Block] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> AssessmentEdition:
        _require_unique("block", [b.id for b in self.blocks])
        _require_unique("criterion", [c.id for b in self.blocks for c in b.criteria])
        if self.meaning_child is None and any(c.about == "child" for c in self.criteria):
            raise ValueError("a criterion about a child needs meaning_child")
        others = [c.question_other is not None for c in self.criteria]
        if any(others) and not all(others):
            missing = next(c.id for c in self.criteria if c.question_other is None)
            raise ValueError(f"criterion {missing!r} has no question_other (others have one)")
        cases = [c.question_case is not None for c in self.criteria]
        if any(cases) and not all(cases):
            missing = next(c.id for c in self.criteria if c.question_case is None)
            raise ValueError(f"criterion {missing!r} has no question_case (others have one)")
        if any(others) and self.meaning_other is None:
            raise ValueError("questions about someone else (question_other) need meaning_other")
        return self

    @property
    def third_person(self) -> bool:
        """Whether the questions can be asked about someone else: every criterion has its
        `question_other` (an organisation's own edition may have none: then the check is
        offered only about oneself)."""
        return self.meaning_other is not None and all(
            c.question_other is not None for c in self.criteria)

    @property
    def criteria(self) -> list[Criterion]:
        return [c for b in self.blocks for c in b.criteria]


class RightsEdition(_Edition):
    kind: Literal["rights"]
    sections: list[Section] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> RightsEdition:
        _require_unique("section", [s.id for s in self.sections])
        return self


class GuidanceKind(_Strict):
    id: Ident  # matches an assessment block id, so the result can offer the right guidance
    title: Localized
    summary: Localized
    sections: list[Section] = Field(min_length=1)


class GuidanceEdition(_Edition):
    kind: Literal["guidance"]
    kinds: list[GuidanceKind] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> GuidanceEdition:
        _require_unique("kind", [k.id for k in self.kinds])
        for k in self.kinds:
            _require_unique(f"section of {k.id}", [s.id for s in k.sections])
        return self

    def kind_by_id(self, kind_id: str) -> GuidanceKind | None:
        return next((k for k in self.kinds if k.id == kind_id), None)


Edition = Annotated[
    AssessmentEdition | RightsEdition | GuidanceEdition, Field(discriminator="kind")
]


def _require_unique(what: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"duplicate {what} id {i!r}")
        seen.add(i)
