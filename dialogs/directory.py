"""The directory of help, as pure data: organisations by region, read from and written to the
CSV file NGO staff edit in a spreadsheet (docs/DIRECTORY.md), and the choice of what to show.

Nothing here is about a person: an entry is an organisation or a national line. Every problem
in a file is reported with its line, its column and why, so staff can fix the file themselves;
a file with any problem changes nothing.

The kinds of service are the 8 kinds of special social services of the social defender's
manual (Government decree No. 330 of 14 March 2009, as the manual gives it): әлеуметтік-
тұрмыстық, -медициналық, -психологиялық, -педагогикалық, -еңбек, -мәдени, -экономикалық,
-құқықтық қызметтер.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from dialogs.handoff import PLACES

NATIONAL = "all"  # the region of lines that serve the whole country
REGIONS = (NATIONAL, *PLACES)
KINDS = ("household", "medical", "psychological", "pedagogical", "labour", "cultural",
         "economic", "legal")
KIND_LABELS = {  # Fluent ids: the manual's names of the kinds
    "household": "dir-kind-household", "medical": "dir-kind-medical",
    "psychological": "dir-kind-psychological", "pedagogical": "dir-kind-pedagogical",
    "labour": "dir-kind-labour", "cultural": "dir-kind-cultural",
    "economic": "dir-kind-economic", "legal": "dir-kind-legal",
}
LANGUAGES = ("kk", "ru", "en", "uz")  # the languages an organisation may answer in
LANGUAGE_LABELS = {"kk": "dir-lang-kk", "ru": "dir-lang-ru", "en": "dir-lang-en",
                   "uz": "dir-lang-uz"}
ROUND_THE_CLOCK = "24/7"  # hours shown in the reader's language

COLUMNS = ("id", "region", "name_kk", "name_ru", "name_en", "kinds", "phone", "hours",
           "languages", "lat", "lon", "note_kk", "note_ru", "note_en")
REQUIRED_COLUMNS = ("id", "region", "phone")
NAME_COLUMNS = ("name_kk", "name_ru", "name_en")
MAX_ENTRIES = 2000
MAX_LENGTH = {"id": 40, "name": 200, "hours": 100, "note": 300}
# Kazakhstan, with a margin: a point outside is most often latitude and longitude swapped.
KZ_LAT, KZ_LON = (40.0, 56.0), (46.0, 88.0)
EARTH_RADIUS_KM = 6371.0088

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_SEPARATORS = re.compile(r"[;,\s]+")
_PHONE_CHARS = re.compile(r"[\s()\-.]")
_COORDINATE = re.compile(r"^[+-]?[0-9]{1,3}([.,][0-9]+)?$")

# What went wrong, by code (the admin reads it in their language): Fluent ids.
ERROR_IDS = {
    "encoding": "dir-error-encoding",
    "empty": "dir-error-empty",
    "too-many": "dir-error-too-many",
    "column-unknown": "dir-error-column-unknown",
    "column-missing": "dir-error-column-missing",
    "column-twice": "dir-error-column-twice",
    "cells": "dir-error-cells",
    "unreadable": "dir-error-unreadable",
    "required": "dir-error-required",
    "id": "dir-error-id",
    "id-twice": "dir-error-id-twice",
    "region": "dir-error-region",
    "name": "dir-error-name",
    "kind": "dir-error-kind",
    "language": "dir-error-language",
    "phone": "dir-error-phone",
    "coordinate": "dir-error-coordinate",
    "range": "dir-error-range",
    "pair": "dir-error-pair",
    "outside": "dir-error-outside",
    "long": "dir-error-long",
    "control": "dir-error-control",
}


@dataclass(frozen=True)
class Entry:
    """One organisation or national line, as a row of the file says (values normalised)."""

    id: str
    region: str  # NATIONAL or one of PLACES
    name_kk: str = ""
    name_ru: str = ""
    name_en: str = ""
    kinds: tuple[str, ...] = ()  # in the order of KINDS
    phone: str = ""  # normalised: "112", "+7 727 123 45 67", "+998901234567"
    hours: str = ""
    languages: tuple[str, ...] = ()  # in the order of LANGUAGES
    lat: float | None = None
    lon: float | None = None
    note_kk: str = ""
    note_ru: str = ""
    note_en: str = ""

    @property
    def national(self) -> bool:
        return self.region == NATIONAL

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None

    def name(self, locale: str) -> str:
        """The name in the reader's language, else Kazakh, Russian, English."""
        return _localized(self, "name", locale)

    def note(self, locale: str) -> str:
        return _localized(self, "note", locale)

    def cells(self) -> dict[str, str]:
        """The row as the file holds it."""
        return {
            "id": self.id, "region": self.region, "name_kk": self.name_kk,
            "name_ru": self.name_ru, "name_en": self.name_en, "kinds": ";".join(self.kinds),
            "phone": self.phone, "hours": self.hours, "languages": ";".join(self.languages),
            "lat": _coordinate_text(self.lat), "lon": _coordinate_text(self.lon),
            "note_kk": self.note_kk, "note_ru": self.note_ru, "note_en": self.note_en,
        }


def _localized(entry: Entry, stem: str, locale: str) -> str:
    order = (locale, "kk", "ru", "en")
    return next((v for loc in order if (v := getattr(entry, f"{stem}_{loc}", ""))), "")


@dataclass(frozen=True)
class Problem:
    """Why a file cannot be imported: where (line 0: the file itself) and what."""

    line: int
    column: str  # "" when the problem is not one cell's
    code: str  # a key of ERROR_IDS
    value: str = ""  # the offending value or names, shortened, for the message

    def __str__(self) -> str:  # for tests and logs of the file's shape (never a person's)
        where = f"line {self.line}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.code}" + (f" ({self.value})" if self.value else "")


@dataclass(frozen=True)
class Parsed:
    entries: tuple[Entry, ...] = ()
    problems: tuple[Problem, ...] = ()
    comments: int = 0  # rows skipped because their id begins with #

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.entries)


# -- reading -------------------------------------------------------------------------------------
def decode(data: bytes) -> str | None:
    """The file's text (UTF-8, with or without the BOM spreadsheets add), or None."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def parse_bytes(data: bytes) -> Parsed:
    text = decode(data)
    if text is None:
        return Parsed(problems=(Problem(0, "", "encoding"),))
    return parse_csv(text)


def delimiter_of(text: str) -> str:
    """Comma, or the semicolon (or tab) a spreadsheet in Russian or Kazakh saves with: the
    header line decides."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def parse_csv(text: str) -> Parsed:
    """Every row checked; entries only when no row has a problem."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text))
    problems: list[Problem] = []
    entries: list[Entry] = []
    header: list[str] | None = None
    seen: dict[str, int] = {}
    comments = 0
    line = 1
    try:
        for row in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in row]
                problems += _header_problems(header, start)
                if problems:
                    return Parsed(problems=tuple(problems))
                continue
            id_at = header.index("id")
            if id_at < len(row) and row[id_at].strip().startswith("#"):  # a comment row
                comments += 1
                continue
            if len(row) > len(header) and any(c.strip() for c in row[len(header):]):
                problems.append(Problem(start, "", "cells", f"{len(row)} > {len(header)}"))
                continue
            cells = dict(zip(header, (c.strip() for c in row), strict=False))
            entry, found = check_row(cells, start)
            problems += found
            if entry is not None:
                if entry.id in seen:
                    problems.append(Problem(start, "id", "id-twice", str(seen[entry.id])))
                else:
                    seen[entry.id] = start
                    entries.append(entry)
    except csv.Error as exc:  # an unclosed quote, a NUL byte
        problems.append(Problem(reader.line_num, "", "unreadable", _short(str(exc))))
    if header is None or (not entries and not problems):
        problems.append(Problem(0, "", "empty"))
    if len(entries) > MAX_ENTRIES:
        problems.append(Problem(0, "", "too-many", str(MAX_ENTRIES)))
    if problems:
        return Parsed(problems=tuple(problems), comments=comments)
    return Parsed(entries=tuple(entries), comments=comments)


def _header_problems(header: list[str], line: int) -> list[Problem]:
    problems = [Problem(line, name, "column-unknown", _short(name))
                for name in header if name and name not in COLUMNS]
    twice = sorted({name for name in header if name and header.count(name) > 1})
    problems += [Problem(line, name, "column-twice", name) for name in twice]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if not any(name in header for name in NAME_COLUMNS):
        missing.append(" / ".join(NAME_COLUMNS))
    if missing:
        problems.append(Problem(line, "", "column-missing", ", ".join(missing)))
    return problems


def check_row(cells: dict[str, str], line: int) -> tuple[Entry | None, list[Problem]]:
    """One data row (column -> trimmed cell): the entry, or what is wrong with it."""
    problems: list[Problem] = []

    def problem(column: str, code: str, value: str = "") -> None:
        problems.append(Problem(line, column, code, _short(value)))

    for column, value in cells.items():
        if any(unicodedata.category(ch) == "Cc" for ch in value):
            problem(column, "control")
        limit = MAX_LENGTH.get(column.split("_")[0])
        if limit is not None and len(value) > limit:
            problem(column, "long", str(limit))
    for column in REQUIRED_COLUMNS:
        if not cells.get(column):
            problem(column, "required")
    ident = cells.get("id", "")
    if ident and not _ID.match(ident):
        problem("id", "id", ident)
    region = cells.get("region", "").lower()
    if region and region not in REGIONS:
        problem("region", "region", cells.get("region", ""))
    if not any(cells.get(name) for name in NAME_COLUMNS):
        problem("name_kk", "name")
    kinds = _choices(cells.get("kinds", ""), KINDS, "kinds", "kind", problem)
    languages = _choices(cells.get("languages", ""), LANGUAGES, "languages", "language",
                         problem)
    phone = normalise_phone(cells.get("phone", "")) if cells.get("phone") else ""
    if phone is None:
        problem("phone", "phone", cells.get("phone", ""))
    lat = _coordinate(cells.get("lat", ""), "lat", 90, problem)
    lon = _coordinate(cells.get("lon", ""), "lon", 180, problem)
    if bool(cells.get("lat")) != bool(cells.get("lon")):
        problem("lat" if not cells.get("lat") else "lon", "pair")
    if lat is not None and lon is not None and not (
            KZ_LAT[0] <= lat <= KZ_LAT[1] and KZ_LON[0] <= lon <= KZ_LON[1]):
        problem("lat", "outside", f"{cells.get('lat')}, {cells.get('lon')}")
    if problems:
        return None, problems
    return Entry(
        id=ident, region=region, name_kk=cells.get("name_kk", ""),
        name_ru=cells.get("name_ru", ""), name_en=cells.get("name_en", ""), kinds=kinds,
        phone=phone or "", hours=cells.get("hours", ""), languages=languages, lat=lat, lon=lon,
        note_kk=cells.get("note_kk", ""), note_ru=cells.get("note_ru", ""),
        note_en=cells.get("note_en", ""),
    ), []


Report = Callable[[str, str, str], None]


def _choices(text: str, allowed: Sequence[str], column: str, code: str,
             problem: Report) -> tuple[str, ...]:
    chosen = set()
    for word in _SEPARATORS.split(text.lower()):
        if not word:
            continue
        if word in allowed:
            chosen.add(word)
        else:
            problem(column, code, word)
    return tuple(a for a in allowed if a in chosen)


def _coordinate(text: str, column: str, bound: int, problem: Report) -> float | None:
    if not text:
        return None
    if not _COORDINATE.match(text):
        problem(column, "coordinate", text)
        return None
    value = round(float(text.replace(",", ".")), 6)
    if not -bound <= value <= bound:
        problem(column, "range", text)
        return None
    return value + 0.0  # no -0.0


def _coordinate_text(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def normalise_phone(text: str) -> str | None:
    """A number to call, in one form: a short number (112, 1414) as is; a Kazakhstan number
    (+7 727 123 45 67, 8 (701) 123-45-67, 87011234567) as +7 XXX XXX XX XX; another
    country's with its + and digits. None for anything else."""
    text = text.strip()
    if re.fullmatch(r"[0-9]{3,4}", text):
        return text
    compact = _PHONE_CHARS.sub("", text)
    plus = compact.startswith("+")
    digits = compact[1:] if plus else compact
    if not digits.isascii() or not digits.isdigit():
        return None
    if not plus and len(digits) == 11 and digits[0] in "78":
        digits = "7" + digits[1:]
    elif not plus and len(digits) == 10 and digits[0] == "7":
        digits = "7" + digits
    elif not plus:
        return None
    if len(digits) == 11 and digits[0] == "7":
        d = digits[1:]
        return f"+7 {d[:3]} {d[3:6]} {d[6:8]} {d[8:]}"
    return f"+{digits}" if 8 <= len(digits) <= 15 else None


def _short(value: str, limit: int = 40) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


# -- writing ---------------------------------------------------------------------------------------
def write_csv(entries: Iterable[Entry], comment_rows: Iterable[Sequence[str]] = ()) -> str:
    """The file NGO staff edit: the header, optional comment rows, then one row per entry."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in comment_rows:
        writer.writerow(row)
    for entry in entries:
        cells = entry.cells()
        writer.writerow([cells[c] for c in COLUMNS])
    return out.getvalue()


def to_bytes(text: str) -> bytes:
    """UTF-8 with the byte-order mark, so Excel shows Kazakh letters right."""
    return text.encode("utf-8-sig")


# -- choosing (the nearest, pages: dialogs/directory_choice.py) ------------------------------
def for_region(entries: Iterable[Entry], region: str) -> list[Entry]:
    """The national lines first, then the region's own, each in the file's order."""
    entries = list(entries)
    return ([e for e in entries if e.national]
            + [e for e in entries if e.region == region and not e.national])
