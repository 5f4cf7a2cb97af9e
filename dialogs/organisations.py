"""Organisations that serve one bot, and which of them reads a request: pure rules.

An organisation has its defenders' forum group, the places it covers (dialogs.handoff.PLACES,
or all), the languages its defenders read, its working hours, its own admins, and its public
name and contacts (told to a person only once they have chosen it). The NGOs keep them in a
TOML file (ORGANISATIONS_FILE, texts/organisations.example.toml): a file can be reviewed,
versioned and handed over, and a mistake in it stops the start with its line and field, where a
database edited by commands would fail quietly at three in the morning. Without a file the single
DEFENDERS_CHAT_ID is one organisation covering everything (`single`).

Routing (`route`): among the organisations covering the person's place and reading their
language (else any covering the place; else the national fallbacks), the one open now or opening
soonest; of equals, the one with the fewest open cases nobody has taken; none: the hotlines.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dialogs import working_hours
from dialogs.handoff import PLACES
from dialogs.working_hours import HoursError, WorkingHours

ALL = "all"
LOCALES = ("kk", "ru", "en")
SINGLE = "main"  # the key of the organisation DEFENDERS_CHAT_ID alone describes
KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,23}$")  # short: it travels in callback data
NAME_LIMIT = 80
CONTACTS_LIMIT = 600
FIELDS = frozenset({"key", "chat_id", "regions", "languages", "hours", "timezone", "holidays",
                    "admins", "fallback", "name", "contacts"})


@dataclass(frozen=True)
class Organisation:
    key: str
    chat_id: int
    regions: frozenset[str] | None  # None: every place
    languages: frozenset[str] = frozenset(LOCALES)
    hours: WorkingHours | None = None  # None: no hours announced, always taken as open
    admins: frozenset[int] = frozenset()
    fallback: bool = False  # takes requests from places nobody covers
    name: Mapping[str, str] = field(default_factory=dict)
    contacts: Mapping[str, str] = field(default_factory=dict)

    def covers(self, place: str) -> bool:
        return self.regions is None or place in self.regions

    def reads(self, locale: str) -> bool:
        return locale in self.languages

    def opens_at(self, at: float) -> float:
        """`at` while open (or with no hours), else its next opening (inf: none ahead)."""
        if self.hours is None:
            return at
        opening = self.hours.next_opening(at)
        return float("inf") if opening is None else opening

    def title(self, locale: str) -> str:
        """Its public name in `locale`, else in another of its languages."""
        return _localized(self.name, locale) or self.key

    def contacts_in(self, locale: str) -> str:
        return _localized(self.contacts, locale)


def _localized(texts: Mapping[str, str], locale: str) -> str:
    return texts.get(locale) or next((texts[k] for k in LOCALES if texts.get(k)), "")


def single(chat_id: int, hours: WorkingHours | None) -> Organisation:
    """DEFENDERS_CHAT_ID alone: one organisation for every place and language."""
    return Organisation(SINGLE, chat_id, None, hours=hours, fallback=True)


# -- routing ---------------------------------------------------------------------------------
def choices(orgs: Iterable[Organisation], place: str) -> list[Organisation]:
    """What the person may pick from: those covering their place, else the fallbacks."""
    orgs = list(orgs)
    covering = [o for o in orgs if o.covers(place)]
    return covering or [o for o in orgs if o.fallback]


def route(orgs: Iterable[Organisation], place: str, locale: str, at: float,
          untaken: Mapping[str, int]) -> Organisation | None:
    """The organisation that reads a request from `place` in `locale` at `at` (None: no
    organisation can, the hotlines answer). `untaken`: open cases nobody took, by key."""
    fit = choices(orgs, place)
    fit = [o for o in fit if o.reads(locale)] or fit
    if not fit:
        return None
    return min(fit, key=lambda o: (o.opens_at(at), untaken.get(o.key, 0), o.key))


# -- the file ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    line: int  # 0: the file as a whole
    where: str  # "organisation 2 (key crisis-almaty), field regions"
    why: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.where}: {self.why}" if self.line else \
            f"{self.where}: {self.why}"


def parse(text: str) -> tuple[list[Organisation], list[Problem]]:
    """The organisations a TOML text describes, or every problem in it (by line and field)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [], [Problem(0, "the file", f"not TOML ({exc})")]
    unknown = sorted(set(data) - {"organisation"})
    tables = data.get("organisation")
    if unknown or not isinstance(tables, list) or not tables:
        return [], [Problem(0, "the file", "expected one [[organisation]] table per "
                                           "organisation, and nothing else")]
    lines = _table_lines(text)
    placed: list[tuple[Organisation, int]] = []
    problems: list[Problem] = []
    for n, table in enumerate(tables):
        start = lines[n] if n < len(lines) else 0
        org, found = _organisation(table, n + 1, start, text)
        problems += found
        if org is not None:
            placed.append((org, start))
    problems += _across(placed)
    return ([o for o, _ in placed], []) if not problems else ([], problems)


def _table_lines(text: str) -> list[int]:
    return [i + 1 for i, line in enumerate(text.splitlines())
            if re.match(r"^\s*\[\[\s*organisation\s*\]\]", line)]


def _field_line(text: str, start: int, name: str) -> int:
    """The line of `name = ` (or `[organisation.name]`) in the table starting at `start`."""
    lines = text.splitlines()
    for i in range(start, len(lines)):
        line = lines[i]
        if re.match(r"^\s*\[\[", line):
            break
        if re.match(rf"^\s*{name}\s*=", line) or re.match(
                rf"^\s*\[\s*organisation\.{name}\s*\]", line):
            return i + 1
    return start


def _organisation(table: Any, number: int, start: int, text: str,
                  ) -> tuple[Organisation | None, list[Problem]]:
    problems: list[Problem] = []
    key = table.get("key") if isinstance(table, dict) else None
    label = f"organisation {number}" + (f" ({key})" if isinstance(key, str) else "")

    def problem(name: str, why: str) -> None:
        problems.append(Problem(_field_line(text, start, name), f"{label}, field {name}", why))

    if not isinstance(table, dict):
        return None, [Problem(start, label, "expected a table")]
    for name in sorted(set(table) - FIELDS):
        problem(name, f"unknown field (known: {', '.join(sorted(FIELDS))})")
    if not isinstance(key, str) or not KEY.match(key):
        problem("key", "expected a short name of a-z, 0-9 and -, up to 24 characters")
    chat_id = table.get("chat_id")
    if not isinstance(chat_id, int) or isinstance(chat_id, bool) or chat_id >= 0:
        problem("chat_id", "expected the forum group's id, which is negative, "
                           "like -1001234567890")
    regions = _regions(table.get("regions"), lambda why: problem("regions", why))
    languages = _strings(table.get("languages", list(LOCALES)), LOCALES,
                         lambda why: problem("languages", why))
    hours = _hours(table, lambda name, why: problem(name, why))
    admins = table.get("admins", [])
    if not isinstance(admins, list) or not all(
            isinstance(a, int) and not isinstance(a, bool) and a > 0 for a in admins):
        problem("admins", "expected Telegram user ids, like [111, 222]")
        admins = []
    fallback = table.get("fallback", False)
    if not isinstance(fallback, bool):
        problem("fallback", "expected true or false")
    name = _texts(table.get("name"), NAME_LIMIT, True, lambda why: problem("name", why))
    contacts = _texts(table.get("contacts", {}), CONTACTS_LIMIT, False,
                      lambda why: problem("contacts", why))
    if problems:
        return None, problems
    return Organisation(key, chat_id, regions, frozenset(languages), hours, frozenset(admins),
                        fallback, name, contacts), []


def _regions(value: Any, problem: Any) -> frozenset[str] | None:
    if value == ALL or value == [ALL]:
        return None
    places = _strings(value, PLACES, problem)
    return frozenset(places) if places else frozenset()


def _strings(value: Any, allowed: Sequence[str], problem: Any) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        problem(f"expected a list, like [\"{allowed[0]}\", \"{allowed[1]}\"]"
                + (f" or \"{ALL}\"" if allowed is PLACES else ""))
        return []
    wrong = [v for v in value if v not in allowed]
    if wrong:
        problem(f"unknown {', '.join(repr(v) for v in wrong)} (known: {', '.join(allowed)})")
        return []
    return value


def _hours(table: Mapping[str, Any], problem: Any) -> WorkingHours | None:
    spec, zone = table.get("hours"), table.get("timezone", "Asia/Almaty")
    holidays = table.get("holidays")
    for name, value in (("hours", spec), ("timezone", zone), ("holidays", holidays)):
        if value is not None and not isinstance(value, str):
            problem(name, "expected a string in quotes")
            return None
    try:
        return working_hours.parse(spec, zone, holidays)
    except HoursError as exc:
        problem("hours", str(exc))
        return None


def _texts(value: Any, limit: int, required: bool, problem: Any) -> dict[str, str]:
    if value is None and not required:
        return {}
    if not isinstance(value, dict) or not all(
            k in LOCALES and isinstance(v, str) and v.strip() for k, v in value.items()):
        problem("expected a table of kk, ru and en texts, like { kk = \"…\", ru = \"…\" }")
        return {}
    if required and not value:
        problem("expected at least one language")
    long = [k for k, v in value.items() if len(v) > limit]
    if long:
        problem(f"longer than {limit} characters in {', '.join(long)}")
    return {k: v.strip() for k, v in value.items()}


def _across(placed: list[tuple[Organisation, int]]) -> list[Problem]:
    """What no table shows alone: a key or a group used twice."""
    problems = []
    keys: set[str] = set()
    groups: set[int] = set()
    for org, line in placed:
        if org.key in keys:
            problems.append(Problem(line, f"organisation {org.key}", "key used twice"))
        if org.chat_id in groups:
            problems.append(Problem(line, f"organisation {org.key}, field chat_id",
                                    "group used by another organisation"))
        keys.add(org.key)
        groups.add(org.chat_id)
    return problems
