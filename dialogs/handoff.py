"""The handoff to a defender, as pure data: the intake a person fills in, and the case summary
both sides see (the person in the preview, the defenders in the case's topic).

The summary is built once from the intake and the pre-assessment; the same template renders
it in the person's language (preview) and in the defenders' language (topic), so the person
confirms exactly what will be shared.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from dialogs.guidance import guidance_after
from dialogs.legal import AssessmentEdition, GuidanceEdition
from dialogs.scoring import AssessmentResult, score
from dialogs.urgency import any_urgent

# The 17 regions and 3 cities of national significance (since 2022). Labels: Fluent region-<id>.
CITIES = ("astana", "almaty-city", "shymkent")
REGIONS = (
    "abai", "akmola", "aktobe", "almaty", "atyrau", "east-kazakhstan", "zhambyl", "zhetysu",
    "west-kazakhstan", "karaganda", "kostanay", "kyzylorda", "mangystau", "pavlodar",
    "north-kazakhstan", "turkistan", "ulytau",
)
PLACES = CITIES + REGIONS
DESCRIPTION_LIMIT = 1500  # characters of the person's own words in the summary
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{8,18}[0-9]$")


class Contact(StrEnum):
    BOT = "bot"  # only here in the bot (the default)
    PHONE = "phone"  # a number the person typed or shared


def normalise_phone(text: str) -> str | None:
    """A phone number as typed (+7 701 123-45-67, 87011234567 …) in one form, or None."""
    text = text.strip()
    if not _PHONE.match(text):
        return None
    digits = re.sub(r"\D", "", text)
    if len(digits) == 11 and digits[0] == "8":  # Kazakhstan's trunk prefix
        digits = "7" + digits[1:]
    return f"+{digits}" if 10 <= len(digits) <= 15 else None


@dataclass(frozen=True)
class Intake:
    region: str | None = None
    children: bool | None = None
    danger_now: bool | None = None
    contact: Contact = Contact.BOT
    phone: str | None = None
    description: str | None = None

    def to_data(self) -> dict[str, Any]:
        return {"region": self.region, "children": self.children, "danger": self.danger_now,
                "contact": self.contact.value, "phone": self.phone,
                "description": self.description}

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None) -> Intake:
        data = data or {}
        region = data.get("region")
        contact = data.get("contact")
        return cls(
            region=region if region in PLACES else None,
            children=data.get("children") if isinstance(data.get("children"), bool) else None,
            danger_now=data.get("danger") if isinstance(data.get("danger"), bool) else None,
            contact=Contact(contact) if contact in set(Contact) else Contact.BOT,
            phone=data.get("phone") if isinstance(data.get("phone"), str) else None,
            description=(data.get("description") or None)
            if isinstance(data.get("description"), str | None) else None,
        )

    @property
    def complete(self) -> bool:
        """Everything asked has an answer (the description is optional)."""
        return self.region is not None and self.children is not None and \
            self.danger_now is not None and (self.contact == Contact.BOT or bool(self.phone))


@dataclass(frozen=True)
class BlockLine:
    block_id: str
    points: int
    met: bool
    unsure: tuple[str, ...]  # criterion ids
    child_points: int = 0  # the part of `points` from answers about a child under 14 (4.2)


@dataclass(frozen=True)
class CaseSummary:
    """What defenders receive, and the person confirms: facts only, no Telegram identity."""

    locale: str  # the person's language
    region: str
    children: bool
    danger_now: bool
    contact: Contact
    phone: str | None
    description: str | None
    urgent: bool
    threshold: int | None = None  # None: no pre-assessment was finished
    recognised: bool = False
    blocks: tuple[BlockLine, ...] = ()
    kinds: tuple[str, ...] = field(default=())  # guidance kinds for blocks that scored
    red_flags: bool = False  # a yes to a question on signs of serious danger (/danger)
    # asked by someone worried about another person (a relative, friend, neighbour …): the
    # answers are about that person; the defender talks with the one who asked
    third_party: bool = False

    @property
    def assessed(self) -> bool:
        return self.threshold is not None

    @property
    def child_recognised(self) -> bool:
        """The answers about a child alone reach the threshold: the child may be recognised."""
        return self.threshold is not None and \
            any(b.child_points >= self.threshold for b in self.blocks)

    def to_data(self) -> dict[str, Any]:
        return {"locale": self.locale, "region": self.region, "children": self.children,
                "danger": self.danger_now, "contact": self.contact.value, "phone": self.phone,
                "description": self.description, "urgent": self.urgent,
                "threshold": self.threshold, "recognised": self.recognised,
                "blocks": [[b.block_id, b.points, b.met, list(b.unsure), b.child_points]
                           for b in self.blocks],
                "kinds": list(self.kinds), "red_flags": self.red_flags,
                "third_party": self.third_party}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> CaseSummary:
        return cls(
            locale=data["locale"], region=data["region"], children=data["children"],
            danger_now=data["danger"], contact=Contact(data["contact"]), phone=data["phone"],
            description=data["description"], urgent=data["urgent"],
            threshold=data["threshold"], recognised=data["recognised"],
            blocks=tuple(BlockLine(b[0], b[1], b[2], tuple(b[3]), b[4] if len(b) > 4 else 0)
                         for b in data["blocks"]),
            kinds=tuple(data["kinds"]), red_flags=data.get("red_flags") is True,
            third_party=data.get("third_party") is True,
        )


def summarise(intake: Intake, locale: str, edition: AssessmentEdition,
              guidance: GuidanceEdition, answers: Mapping[str, str] | None,
              skipped: tuple[str, ...] = (), third_party: bool = False) -> CaseSummary:
    """The case summary; `answers` of a finished pre-assessment, or None when there was none.
    A case is urgent when the person is in danger now or answered yes to a criterion that
    means danger to life. `third_party`: asked by someone worried about another person."""
    if not intake.complete or intake.region is None:
        raise ValueError("the intake is not complete")
    description = (intake.description or "").strip()[:DESCRIPTION_LIMIT] or None
    base: dict[str, Any] = dict(
        locale=locale, region=intake.region, children=bool(intake.children),
        danger_now=bool(intake.danger_now), contact=intake.contact,
        phone=intake.phone if intake.contact == Contact.PHONE else None, description=description,
        third_party=third_party,
    )
    if answers is None:
        return CaseSummary(urgent=bool(intake.danger_now), **base)
    result: AssessmentResult = score(edition, answers, skipped)
    kinds = tuple(kind.id for kind in guidance_after(result, guidance))
    return CaseSummary(
        urgent=bool(intake.danger_now) or any_urgent(edition, answers),
        threshold=edition.threshold, recognised=result.recognised,
        blocks=tuple(BlockLine(b.block_id, b.points, b.met, b.unsure, b.child_points)
                     for b in result.blocks),
        kinds=kinds, **base,
    )
