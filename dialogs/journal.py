"""The evidence journal's rules (issue #26): what an entry holds, how a typed answer or a
typed date is taken, and the fingerprint that makes a stored entry's receipt.

An entry follows the manual's Appendix 3 (what a statement to the police says: who did what,
when and where, injuries, witnesses) and NNEDV's documentation guidance: when it happened,
where, what happened, injuries, witnesses, whether the police were called. Every field is
optional, but an entry says at least one thing besides when.

The fingerprint is SHA-256 over the entry as stored (its number, the server's time of storing
and its fields, as canonical JSON): the person sees its first characters on the receipt and
the whole of it on the entry, so a defender or a court can later check the record was not
changed since. Editing an entry stores it anew: a new time and a new fingerprint.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from dialogs.clock import ALMATY

ENTRIES_MAX = 200  # entries a person may keep (said on screen when reached)
NUMBER_MAX = 10**9  # an entry's number, far above what ENTRIES_MAX lets anyone reach
FIRST_YEAR = 1950  # a typed date before this is a typo
RECEIPT_CHARS = 8  # of the fingerprint on a receipt; the entry's view shows all 64


class Field(StrEnum):
    WHEN = "t"
    PLACE = "p"
    WHAT = "w"
    INJURIES = "i"
    WITNESSES = "s"
    MEDIA = "m"  # photos, voice notes, videos, documents: kept apart (storage.journal_files)
    POLICE = "c"


# The guided order of a new entry; each step can be skipped.
STEPS: tuple[Field, ...] = (Field.WHEN, Field.PLACE, Field.WHAT, Field.INJURIES,
                            Field.WITNESSES, Field.MEDIA, Field.POLICE)

# What a person may attach, as Telegram names the message's field; and the limits, said on
# screen: Telegram lets a bot download files up to 20 MB.
# (an animation's message carries a "document" too: it is looked for first)
MEDIA_KINDS = ("photo", "video", "voice", "video_note", "audio", "animation", "document")
FILE_MAX = 20 * 1024 * 1024
PERSON_FILES_MAX = 200 * 1024 * 1024
FILES_PER_ENTRY = 30
TYPED: dict[Field, int] = {Field.WHAT: 1500, Field.INJURIES: 700, Field.WITNESSES: 500}


class Place(StrEnum):
    HOME = "h"  # at home
    RELATIVES = "r"  # at relatives' or the abuser's home
    OUTSIDE = "o"  # outside: street, yard, transport
    WORK = "w"  # at work or school
    ONLINE = "n"  # by phone or online
    OTHER = "x"


class Police(StrEnum):
    CALLED = "y"
    NOT_CALLED = "n"


class DayPart(StrEnum):
    MORNING = "m"
    DAYTIME = "d"
    EVENING = "e"
    NIGHT = "n"


class Problem(StrEnum):
    EMPTY = "empty"  # nothing typed (a sticker, a photo, only spaces)
    TOO_LONG = "long"
    NOT_MEDIA = "media"  # attachments wanted: a sticker, a location, words
    FILE_TOO_BIG = "big"  # over FILE_MAX
    FILES_FULL = "full"  # over PERSON_FILES_MAX, or FILES_PER_ENTRY
    DATE_FORMAT = "date"  # not a date of the form 12.03.2026
    DATE_FUTURE = "future"
    DATE_PAST = "past"  # before FIRST_YEAR


@dataclass(frozen=True)
class When:
    """When it happened, as the person knows it: a day, and a part of that day or a time."""

    day: date
    part: DayPart | None = None
    time: str | None = None  # "21:40", when the person recorded it as it happened ("now")

    def to_data(self) -> dict[str, Any]:
        return {"d": self.day.isoformat(), "p": self.part.value if self.part else None,
                "h": self.time}

    @classmethod
    def from_data(cls, data: object) -> When | None:
        if not isinstance(data, dict):
            return None
        try:
            day = date.fromisoformat(str(data["d"]))
            part = DayPart(data["p"]) if data.get("p") else None
        except (KeyError, ValueError):
            return None
        time = data.get("h")
        return cls(day, part, time if isinstance(time, str) and _TIME.fullmatch(time) else None)


_TIME = re.compile(r"[0-2]\d:[0-5]\d")


def now_when(moment: float) -> When:
    local = datetime.fromtimestamp(moment, ALMATY)
    return When(local.date(), None, local.strftime("%H:%M"))


def day_of(moment: float, days_ago: int) -> date:
    return datetime.fromtimestamp(moment, ALMATY).date() - timedelta(days=days_ago)


_DATE = re.compile(r"\s*(\d{1,2})[./\-](\d{1,2})(?:[./\-](\d{2}|\d{4}))?\s*\.?\s*")


def parse_day(text: str, moment: float) -> date | Problem:
    """A typed date: 12.03.2026, 12.03.26, 12/3 or 12-03 (this year, or last year if that day
    is still to come)."""
    found = _DATE.fullmatch(text)
    if found is None:
        return Problem.DATE_FORMAT
    today = day_of(moment, 0)
    day_n, month_n, year_s = int(found[1]), int(found[2]), found[3]
    year = today.year if year_s is None else int(year_s) + (2000 if len(year_s) == 2 else 0)
    try:
        day = date(year, month_n, day_n)
    except ValueError:
        return Problem.DATE_FORMAT
    if year_s is None and day > today:
        try:
            day = day.replace(year=year - 1)
        except ValueError:  # 29 February
            return Problem.DATE_FORMAT
    if day > today:
        return Problem.DATE_FUTURE
    if day.year < FIRST_YEAR:
        return Problem.DATE_PAST
    return day


def take_typed(field: Field, text: str | None) -> str | Problem:
    """A typed answer for a text field, trimmed; or why it cannot be taken."""
    cleaned = (text or "").strip()
    if not cleaned:
        return Problem.EMPTY
    if len(cleaned) > TYPED[field]:
        return Problem.TOO_LONG
    return cleaned


@dataclass(frozen=True)
class Entry:
    when: When | None = None
    place: Place | None = None
    what: str | None = None
    injuries: str | None = None
    witnesses: str | None = None
    police: Police | None = None

    @property
    def says_something(self) -> bool:
        """Something besides when: an entry of only a date records nothing."""
        return any(v is not None for v in (self.place, self.what, self.injuries,
                                           self.witnesses, self.police))

    def filled(self, field: Field) -> bool:
        """Whether the entry's own field holds something (attachments are counted apart)."""
        return field in _ATTRIBUTES and getattr(self, _ATTRIBUTES[field]) is not None

    def with_value(self, field: Field, value: object) -> Entry:
        return replace(self, **{_ATTRIBUTES[field]: value})

    def to_data(self) -> dict[str, Any]:
        return {"t": self.when.to_data() if self.when else None,
                "p": self.place.value if self.place else None, "w": self.what,
                "i": self.injuries, "s": self.witnesses,
                "c": self.police.value if self.police else None}

    @classmethod
    def from_data(cls, data: object) -> Entry:
        """An entry from stored or dialog data; what cannot be read is left empty."""
        if not isinstance(data, dict):
            return cls()

        def text(key: str, field: Field) -> str | None:
            value = data.get(key)
            return value[:TYPED[field]] if isinstance(value, str) and value else None

        def choice(key: str, kind: type[StrEnum]) -> Any:
            try:
                return kind(data[key]) if data.get(key) else None
            except ValueError:
                return None

        return cls(When.from_data(data.get("t")), choice("p", Place),
                   text("w", Field.WHAT), text("i", Field.INJURIES),
                   text("s", Field.WITNESSES), choice("c", Police))


_ATTRIBUTES = {Field.WHEN: "when", Field.PLACE: "place", Field.WHAT: "what",
               Field.INJURIES: "injuries", Field.WITNESSES: "witnesses", Field.POLICE: "police"}


def fingerprint(number: int, stored_at: int, entry: Entry,
                files: tuple[str, ...] = ()) -> str:
    """SHA-256 (hex) of the entry as stored: its number, the time of storing, its fields and
    the ids of its attachments (each has its own SHA-256, of its contents, once stored)."""
    record: dict[str, Any] = {"n": number, "at": stored_at, "entry": entry.to_data()}
    if files:
        record["files"] = list(files)
    canonical = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def media_problem(size: int | None, kept_bytes: int, kept_files: int) -> Problem | None:
    """Whether a file of `size` bytes can be attached, beside what is kept already."""
    if size is not None and size > FILE_MAX:
        return Problem.FILE_TOO_BIG
    if kept_files >= FILES_PER_ENTRY or kept_bytes + (size or 0) > PERSON_FILES_MAX:
        return Problem.FILES_FULL
    return None


def next_step(after: Field) -> Field | None:
    """The guided step after `after`, or None when the guide is through."""
    index = STEPS.index(after) + 1
    return STEPS[index] if index < len(STEPS) else None
