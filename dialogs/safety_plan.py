"""The safety plan, as pure data and rules: its sections, what each one holds, how a typed
answer is checked, and the plan itself (to and from JSON, sealed by storage.safety_plans).

A person builds the plan at their own pace, a section at a time, for staying and for leaving:
people to call, a code word, what to do if violence starts, what to keep ready (the documents
the social defender's manual lists, Appendix 3, plus money, keys, medicines and a charger) and
where to go. Labels are Fluent ids (texts/locales/*/safety_plan.ftl); no aiogram here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from dialogs.handoff import normalise_phone

CONTACTS_MAX = 3
NAME_LIMIT = 32  # characters of a contact's name or nickname
CODE_WORD_LIMIT = 40
PLACE_LIMIT = 200
VERSION = 1  # of the stored JSON


class Section(StrEnum):
    """One part of the plan; the values are short because they travel in callback data."""

    CONTACTS = "c"  # people I can call
    CODE_WORD = "w"  # a word that means "call the police"
    VIOLENCE = "v"  # what I will do if violence starts
    READY = "r"  # what I keep ready
    PLACE = "p"  # where I can go


class Part(StrEnum):
    STAY = "stay"  # while I live there
    LEAVE = "leave"  # if I leave


PARTS: dict[Part, tuple[Section, ...]] = {
    Part.STAY: (Section.CONTACTS, Section.CODE_WORD, Section.VIOLENCE),
    Part.LEAVE: (Section.READY, Section.PLACE),
}
SECTIONS = tuple(s for sections in PARTS.values() for s in sections)


class Kind(StrEnum):
    CONTACTS = "contacts"  # up to CONTACTS_MAX names with phones, typed
    TEXT = "text"  # free text, typed, within a limit
    CHECKLIST = "checklist"  # items ticked with buttons


@dataclass(frozen=True)
class Item:
    """A checklist item: `id` is stored and travels in callback data (short); `label` is the
    Fluent id of its button (a few words), `more` of the line that says it in full."""

    id: str
    label: str
    more: str
    manual: bool = False  # one of the documents the manual names


# What to keep ready. The documents, in the manual's terms (seed/social-defender-manual.kk.txt,
# line numbers of that file):
#   Appendix 3, economic violence, the documents to give the court (2840-2852): the identity
#     document, the marriage certificate, the child's birth certificate, the address
#     certificate, documents on income (salary);
#   Appendix 2, criterion 3.1 (2687-2688): documents establishing ownership (taking them away
#     is economic violence);
#   Appendix 3, physical violence, the statement to the police (2804-2811): the doctor's
#     findings, the evidence and how to reach the witnesses.
# Money, keys, medicines and a phone charger are what issue #15 adds.
READY_ITEMS = (
    Item("id", "plan-item-id", "plan-item-id-more", manual=True),
    Item("birth", "plan-item-birth", "plan-item-birth-more", manual=True),
    Item("marriage", "plan-item-marriage", "plan-item-marriage-more", manual=True),
    Item("address", "plan-item-address", "plan-item-address-more", manual=True),
    Item("income", "plan-item-income", "plan-item-income-more", manual=True),
    Item("property", "plan-item-property", "plan-item-property-more", manual=True),
    Item("medical", "plan-item-medical", "plan-item-medical-more", manual=True),
    Item("evidence", "plan-item-evidence", "plan-item-evidence-more", manual=True),
    Item("money", "plan-item-money", "plan-item-money-more"),
    Item("keys", "plan-item-keys", "plan-item-keys-more"),
    Item("medicines", "plan-item-medicines", "plan-item-medicines-more"),
    Item("charger", "plan-item-charger", "plan-item-charger-more"),
)

# What I will do if violence starts.
VIOLENCE_ITEMS = (
    Item("rooms", "plan-item-rooms", "plan-item-rooms-more"),
    Item("phone", "plan-item-phone", "plan-item-phone-more"),
    Item("exit", "plan-item-exit", "plan-item-exit-more"),
    Item("children", "plan-item-children", "plan-item-children-more"),
    Item("neighbour", "plan-item-neighbour", "plan-item-neighbour-more"),
    Item("doctor", "plan-item-doctor", "plan-item-doctor-more"),  # the manual, line 2784
)


@dataclass(frozen=True)
class Rule:
    """What a section holds: its kind, its limit for typed text, its checklist items, and the
    Fluent ids of its title (with its emoji) and of what it is for."""

    section: Section
    kind: Kind
    title: str
    about: str
    limit: int = 0  # for TEXT
    items: tuple[Item, ...] = ()  # for CHECKLIST

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    @property
    def typed(self) -> bool:
        return self.kind in (Kind.CONTACTS, Kind.TEXT)


RULES = {
    Section.CONTACTS: Rule(Section.CONTACTS, Kind.CONTACTS, "plan-contacts",
                           "plan-contacts-about", limit=NAME_LIMIT),
    Section.CODE_WORD: Rule(Section.CODE_WORD, Kind.TEXT, "plan-code-word",
                            "plan-code-word-about", limit=CODE_WORD_LIMIT),
    Section.VIOLENCE: Rule(Section.VIOLENCE, Kind.CHECKLIST, "plan-violence",
                           "plan-violence-about", items=VIOLENCE_ITEMS),
    Section.READY: Rule(Section.READY, Kind.CHECKLIST, "plan-ready", "plan-ready-about",
                        items=READY_ITEMS),
    Section.PLACE: Rule(Section.PLACE, Kind.TEXT, "plan-place", "plan-place-about",
                        limit=PLACE_LIMIT),
}
PART_TITLES = {Part.STAY: "plan-part-stay", Part.LEAVE: "plan-part-leave"}


class Problem(StrEnum):
    """Why a typed answer was not taken; the values are Fluent ids."""

    EMPTY = "plan-problem-empty"
    TOO_LONG = "plan-problem-too-long"
    NO_PHONE = "plan-problem-no-phone"
    NO_NAME = "plan-problem-no-name"
    NAME_TOO_LONG = "plan-problem-name-too-long"
    FULL = "plan-problem-full"


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str  # normalised: +77012345678


@dataclass(frozen=True)
class SafetyPlan:
    contacts: tuple[Contact, ...] = ()
    code_word: str | None = None
    violence: frozenset[str] = frozenset()  # ids of VIOLENCE_ITEMS ticked
    ready: frozenset[str] = frozenset()  # ids of READY_ITEMS ticked
    place: str | None = None

    def filled(self, section: Section) -> bool:
        match section:
            case Section.CONTACTS:
                return bool(self.contacts)
            case Section.CODE_WORD:
                return self.code_word is not None
            case Section.PLACE:
                return self.place is not None
            case _:
                return bool(self.ticked(section))

    @property
    def empty(self) -> bool:
        return not any(self.filled(s) for s in SECTIONS)

    def ticked(self, section: Section) -> frozenset[str]:
        if section == Section.VIOLENCE:
            return self.violence
        if section == Section.READY:
            return self.ready
        return frozenset()

    def text(self, section: Section) -> str | None:
        if section == Section.CODE_WORD:
            return self.code_word
        if section == Section.PLACE:
            return self.place
        return None

    def to_data(self) -> dict[str, Any]:
        """JSON-ready; what is empty is left out, ticks in the checklist's order."""
        data: dict[str, Any] = {"v": VERSION}
        if self.contacts:
            data["contacts"] = [[c.name, c.phone] for c in self.contacts]
        if self.code_word is not None:
            data["code"] = self.code_word
        for key, section in (("violence", Section.VIOLENCE), ("ready", Section.READY)):
            ticked = self.ticked(section)
            if ticked:
                data[key] = [i.id for i in RULES[section].items if i.id in ticked]
        if self.place is not None:
            data["place"] = self.place
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None) -> SafetyPlan:
        """Never fails: what is malformed or no longer known (an item dropped from a list)
        is left out, and what is too long is cut to its limit."""
        if not isinstance(data, Mapping):
            return cls()
        contacts = []
        raw = data.get("contacts")
        for pair in raw if isinstance(raw, list) else []:
            if (isinstance(pair, list | tuple) and len(pair) == 2
                    and all(isinstance(v, str) for v in pair)):
                name, phone = clean(pair[0])[:NAME_LIMIT], normalise_phone(pair[1])
                if name and phone:
                    contacts.append(Contact(name, phone))
        return cls(
            contacts=tuple(contacts[:CONTACTS_MAX]),
            code_word=_stored_text(data.get("code"), CODE_WORD_LIMIT),
            violence=_stored_ticks(data.get("violence"), Section.VIOLENCE),
            ready=_stored_ticks(data.get("ready"), Section.READY),
            place=_stored_text(data.get("place"), PLACE_LIMIT),
        )


def _stored_text(value: object, limit: int) -> str | None:
    return (clean(value)[:limit] or None) if isinstance(value, str) else None


def _stored_ticks(value: object, section: Section) -> frozenset[str]:
    known = {i.id for i in RULES[section].items}
    return frozenset(v for v in value if v in known) if isinstance(value, list) else frozenset()


# -- typed answers --------------------------------------------------------------------------------
def clean(text: str) -> str:
    """One line: runs of spaces and line breaks become one space; control characters go."""
    text = "".join(ch if ch.isprintable() or ch.isspace() else " " for ch in text)
    return " ".join(text.split())


def check_text(text: str, limit: int) -> str | Problem:
    value = clean(text)
    if not value:
        return Problem.EMPTY
    if len(value) > limit:
        return Problem.TOO_LONG
    return value


_SEPARATORS = " ,;:–—-"
# A phone begins a word ("Апа2 8701…" keeps its 2) and runs to the end, or from the start.
_PHONE_END = re.compile(r"(?<![^\s,;:–—-])\+?\d[\d ()-]*\d$")
_PHONE_START = re.compile(r"^\+?\d[\d ()-]*\d(?![^\s,;:–—-])")


def parse_contact(text: str) -> Contact | Problem:
    """A name (or nickname) and a phone in one message, either order: "Айгүл апай
    +7 701 234 56 78", "87012345678 Mum". Checked lightly: the phone as the intake checks it
    (10 to 15 digits, 8… read as +7…), a name of 1 to NAME_LIMIT characters."""
    value = clean(text)
    if not value:
        return Problem.EMPTY
    for pattern in (_PHONE_END, _PHONE_START):
        match = pattern.search(value)
        if match is None:
            continue
        phone = normalise_phone(match.group(0))
        if phone is None:
            continue
        name = (value[:match.start()] + value[match.end():]).strip(_SEPARATORS)
        if not name:
            return Problem.NO_NAME
        if len(name) > NAME_LIMIT:
            return Problem.NAME_TOO_LONG
        return Contact(name, phone)
    return Problem.NO_PHONE


def take_typed(plan: SafetyPlan, section: Section, text: str) -> SafetyPlan | Problem:
    """The plan with a typed answer for `section` taken, or why it was not."""
    rule = RULES[section]
    if section == Section.CONTACTS:
        if len(plan.contacts) >= CONTACTS_MAX:
            return Problem.FULL
        contact = parse_contact(text)
        if isinstance(contact, Problem):
            return contact
        return replace(plan, contacts=(*plan.contacts, contact))
    if rule.kind != Kind.TEXT:
        raise ValueError(f"section {section} takes no typed answer")
    value = check_text(text, rule.limit)
    if isinstance(value, Problem):
        return value
    if section == Section.CODE_WORD:
        return replace(plan, code_word=value)
    return replace(plan, place=value)


# -- changes made with buttons ------------------------------------------------------------------
def toggle(plan: SafetyPlan, section: Section, item_id: str) -> SafetyPlan | None:
    """The plan with the item ticked or unticked; None when the section has no such item."""
    rule = RULES[section]
    if rule.kind != Kind.CHECKLIST or rule.item(item_id) is None:
        return None
    ticked = plan.ticked(section) ^ {item_id}
    if section == Section.VIOLENCE:
        return replace(plan, violence=ticked)
    return replace(plan, ready=ticked)


def clear_text(plan: SafetyPlan, section: Section) -> SafetyPlan:
    if section == Section.CODE_WORD:
        return replace(plan, code_word=None)
    if section == Section.PLACE:
        return replace(plan, place=None)
    return plan


def remove_contact(plan: SafetyPlan, index: int, shown: int) -> SafetyPlan | None:
    """Without the contact at `index` of a screen that showed `shown` contacts; None when that
    screen is not the plan as it is now (an older screen, or a forged press)."""
    if shown != len(plan.contacts) or not 0 <= index < shown:
        return None
    return replace(plan, contacts=plan.contacts[:index] + plan.contacts[index + 1:])
