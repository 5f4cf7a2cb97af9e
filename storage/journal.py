"""Journal entries: sealed at rest (what happened, in the person's words), numbered per person,
read back and opened on demand, erased by the person or /forget. Keyed by the person's keyed
id (storage.ids). The rules of an entry are dialogs.journal."""

from __future__ import annotations

import json
from dataclasses import dataclass

from dialogs.journal import Entry, fingerprint
from storage import unit as uow
from storage.engine import Database, Row, now


@dataclass(frozen=True)
class StoredEntry:
    number: int
    entry: Entry
    fingerprint: str  # SHA-256 hex of the entry as stored (dialogs.journal.fingerprint)
    stored_at: int  # seconds since the epoch: stored, or last edited
    files: tuple[str, ...] = ()  # Telegram's file_unique_id of its attachments, in the fingerprint


class JournalRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _person(self, user_id: int) -> int:
        return self.db.sealer.keyed_id(user_id)

    async def entries(self, user_id: int) -> list[StoredEntry]:
        """The person's entries, oldest first, with this update's own writes committed."""
        await uow.read_your_writes()
        rows = await self.db.fetchall(
            "SELECT number, entry, stored_at FROM journal_entries WHERE user_id = ?"
            " ORDER BY number", (self._person(user_id),))
        return [self._opened(row) for row in rows]

    async def count(self, user_id: int) -> int:
        await uow.read_your_writes()
        row = await self.db.fetchone("SELECT COUNT(*) FROM journal_entries WHERE user_id = ?",
                                     (self._person(user_id),))
        return int(row[0]) if row else 0

    async def get(self, user_id: int, number: int) -> StoredEntry | None:
        await uow.read_your_writes()
        row = await self.db.fetchone(
            "SELECT number, entry, stored_at FROM journal_entries"
            " WHERE user_id = ? AND number = ?", (self._person(user_id), number))
        return self._opened(row) if row is not None else None

    async def add(self, user_id: int, entry: Entry, files: tuple[str, ...] = ()) -> StoredEntry:
        """Store a new entry under the next number, in the current unit of work; `files`: its
        attachments' unique ids, which its fingerprint covers."""
        await uow.read_your_writes()
        row = await self.db.fetchone(
            "SELECT MAX(number) FROM journal_entries WHERE user_id = ?", (self._person(user_id),))
        number = int(row[0] or 0) + 1 if row is not None else 1
        stored = self._stamped(number, entry, files)
        await uow.write(self.db, "INSERT INTO journal_entries (user_id, number, entry, stored_at)"
                        " VALUES (?, ?, ?, ?)",
                        (self._person(user_id), number, self._sealed(stored), stored.stored_at))
        return stored

    async def replace(self, user_id: int, number: int, entry: Entry,
                      files: tuple[str, ...] = ()) -> StoredEntry:
        """An edited entry, stored anew: a new time and a new fingerprint."""
        stored = self._stamped(number, entry, files)
        await uow.write(self.db, "UPDATE journal_entries SET entry = ?, stored_at = ?"
                        " WHERE user_id = ? AND number = ?",
                        (self._sealed(stored), stored.stored_at, self._person(user_id), number))
        return stored

    async def delete(self, user_id: int, number: int) -> None:
        await uow.write(self.db, "DELETE FROM journal_entries WHERE user_id = ? AND number = ?",
                        (self._person(user_id), number))

    async def forget(self, user_id: int) -> None:
        await uow.write(self.db, "DELETE FROM journal_entries WHERE user_id = ?",
                        (self._person(user_id),))

    @staticmethod
    def _stamped(number: int, entry: Entry, files: tuple[str, ...]) -> StoredEntry:
        at = now()
        return StoredEntry(number, entry, fingerprint(number, at, entry, files), at, files)

    def _sealed(self, stored: StoredEntry) -> str:
        return self.db.sealer.seal(json.dumps({"e": stored.entry.to_data(),
                                               "f": stored.fingerprint, "u": list(stored.files)},
                                              ensure_ascii=False))

    def _opened(self, row: Row) -> StoredEntry:
        data = json.loads(self.db.sealer.open(row[1]))
        files = tuple(str(u) for u in data.get("u") or ())
        return StoredEntry(int(row[0]), Entry.from_data(data.get("e")), str(data.get("f")),
                           int(row[2]), files)
