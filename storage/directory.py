"""The directory of help: organisations and national lines, nothing about any person.

An import replaces every row at once (with the update's unit of work, else in one
transaction); an empty table is filled from the national lines shipped in
texts/directory/national.csv the first time it is read.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Sequence
from importlib import resources

from dialogs.directory import NATIONAL, Entry, for_region, parse_bytes
from storage import unit as uow
from storage.engine import Database, Row, Statement, now

log = logging.getLogger(__name__)

_FIELDS = ("id", "region", "name_kk", "name_ru", "name_en", "kinds", "phone", "hours",
           "languages", "lat", "lon", "note_kk", "note_ru", "note_en")
_SELECT = f"SELECT {', '.join(_FIELDS)} FROM directory"
_INSERT = (f"INSERT INTO directory (position, {', '.join(_FIELDS)}, updated_at)"
           f" VALUES ({', '.join('?' for _ in range(len(_FIELDS) + 2))})")
_filled: weakref.WeakSet[Database] = weakref.WeakSet()  # databases known to have rows


def seed_entries() -> tuple[Entry, ...]:
    """The national lines shipped with the bot (tests keep the file valid); none, with one
    log line, if the file is missing from the installation."""
    try:
        data = (resources.files("texts") / "directory" / "national.csv").read_bytes()
    except OSError as exc:
        log.error("texts/directory/national.csv is missing (%s): the directory starts empty",
                  exc)
        return ()
    parsed = parse_bytes(data)
    if not parsed.ok:
        log.error("texts/directory/national.csv cannot be read (%d problems)",
                  len(parsed.problems))
    return parsed.entries


def _entry(row: Row) -> Entry:
    values = dict(zip(_FIELDS, row, strict=True))
    return Entry(
        id=values["id"], region=values["region"], name_kk=values["name_kk"],
        name_ru=values["name_ru"], name_en=values["name_en"],
        kinds=tuple(k for k in values["kinds"].split(";") if k), phone=values["phone"],
        hours=values["hours"], languages=tuple(x for x in values["languages"].split(";") if x),
        lat=values["lat"], lon=values["lon"], note_kk=values["note_kk"],
        note_ru=values["note_ru"], note_en=values["note_en"])


def _insert(position: int, entry: Entry, at: int) -> Statement:
    cells = entry.cells()
    values = [cells[f] for f in _FIELDS]
    values[_FIELDS.index("lat")], values[_FIELDS.index("lon")] = entry.lat, entry.lon
    return _INSERT, (position, *values, at)


class DirectoryRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def _filled(self) -> None:
        """Fill an empty table with the shipped national lines, once."""
        if self.db in _filled:
            return
        async with self.db.transaction() as tx:
            row = await tx.fetchone("SELECT COUNT(*) FROM directory")
            if row is not None and row[0] == 0:
                at = now()
                for position, entry in enumerate(seed_entries(), start=1):
                    await tx.execute(*_insert(position, entry, at))
        _filled.add(self.db)

    async def _select(self, where: str = "", params: Sequence[object] = ()) -> list[Entry]:
        await self._filled()
        rows = await self.db.fetchall(f"{_SELECT} {where} ORDER BY position", params)
        return [_entry(r) for r in rows]

    async def all(self) -> list[Entry]:
        return await self._select()

    async def region(self, region: str) -> list[Entry]:
        """The national lines first, then the region's own, each in the file's order."""
        return for_region(await self._select("WHERE region IN (?, ?)", (NATIONAL, region)),
                          region)

    async def national(self) -> list[Entry]:
        return await self._select("WHERE region = ?", (NATIONAL,))

    async def located(self) -> list[Entry]:
        """Every entry with a place on the map."""
        return await self._select("WHERE lat IS NOT NULL AND lon IS NOT NULL")

    async def replace_all(self, entries: Sequence[Entry]) -> None:
        """The directory becomes exactly `entries`: with the current update's unit of work
        (committed with it, or not at all), else in one transaction."""
        at = now()
        statements: list[Statement] = [("DELETE FROM directory", ())]
        statements += [_insert(i, e, at) for i, e in enumerate(entries, start=1)]
        unit = uow.current()
        if unit is None:
            await self.db.run(statements)
            _filled.add(self.db)
        else:
            for sql, params in statements:
                unit.add(sql, params)
            unit.after_commit(lambda: _filled.add(self.db))
