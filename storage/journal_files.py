"""Attachments of journal entries: recorded at once (Telegram's file id, sealed), downloaded in
the background and kept sealed with the SHA-256 of their contents; read back only by their
owner; erased with their entry, their draft, or /forget. Keyed by the person's keyed id."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from typing import Any

from storage import unit as uow
from storage.engine import Database, Row, now

PENDING, STORED, FAILED = "pending", "stored", "failed"
CHUNK = 256 * 1024  # bytes a row of journal_file_chunks holds: one short write each
LEASE_MS = 5 * 60 * 1000  # a download that takes longer is tried again by whoever comes next
_FIELDS = "id, kind, ref, size, state, digest, received_at, stored_at"


@dataclass(frozen=True)
class Attachment:
    id: int
    kind: str  # dialogs.journal.MEDIA_KINDS
    file_id: str  # Telegram's, to send it back without uploading
    unique_id: str  # Telegram's file_unique_id: the same file, whoever sent it
    size: int  # bytes
    state: str  # PENDING, STORED, FAILED
    digest: str | None  # SHA-256 hex of the contents, once stored
    received_at: int
    stored_at: int | None


@dataclass(frozen=True)
class Download:
    """A pending attachment leased to this process."""

    id: int
    kind: str
    file_id: str
    size: int


class JournalFilesRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _person(self, user_id: int) -> int:
        return self.db.sealer.keyed_id(user_id)

    async def record(self, user_id: int, draft: str, kind: str, file_id: str, unique_id: str,
                     size: int) -> None:
        """A file the person just sent for their draft, to be downloaded (in the unit of work:
        it is on record before the person's message is deleted)."""
        ref = self.db.sealer.seal(json.dumps({"f": file_id, "u": unique_id}))
        await uow.write(self.db, "INSERT INTO journal_files (user_id, draft, kind, ref, size,"
                        " state, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (self._person(user_id), draft, kind, ref, size, PENDING, now()))

    async def of_draft(self, user_id: int, draft: str) -> list[Attachment]:
        return await self._select("user_id = ? AND draft = ? AND entry IS NULL",
                                  (self._person(user_id), draft))

    async def of_entry(self, user_id: int, number: int) -> list[Attachment]:
        return await self._select("user_id = ? AND entry = ?", (self._person(user_id), number))

    async def usage(self, user_id: int) -> tuple[int, int]:
        """Bytes and files the person keeps (drafts' too)."""
        await uow.read_your_writes()
        row = await self.db.fetchone("SELECT COALESCE(SUM(size), 0), COUNT(*) FROM journal_files"
                                     " WHERE user_id = ?", (self._person(user_id),))
        return (int(row[0]), int(row[1])) if row else (0, 0)

    async def counts(self, user_id: int) -> dict[int, int]:
        """Attachments per saved entry."""
        await uow.read_your_writes()
        rows = await self.db.fetchall("SELECT entry, COUNT(*) FROM journal_files WHERE user_id = ?"
                                      " AND entry IS NOT NULL GROUP BY entry",
                                      (self._person(user_id),))
        return {int(entry): int(count) for entry, count in rows}

    async def attach(self, user_id: int, draft: str, number: int) -> None:
        """The draft saved as entry `number`: its attachments are the entry's now."""
        await uow.write(self.db, "UPDATE journal_files SET entry = ?, draft = NULL"
                        " WHERE user_id = ? AND draft = ? AND entry IS NULL",
                        (number, self._person(user_id), draft))

    async def drop_drafts(self, user_id: int, keep: str | None = None) -> None:
        """Attachments of drafts that are gone (discarded, or dropped by a quick exit), all but
        those of the draft `keep`."""
        if keep is None:
            await self._delete("user_id = ? AND entry IS NULL", (self._person(user_id),))
        else:
            await self._delete("user_id = ? AND entry IS NULL AND draft <> ?",
                               (self._person(user_id), keep))

    async def delete_entry(self, user_id: int, number: int) -> None:
        await self._delete("user_id = ? AND entry = ?", (self._person(user_id), number))

    async def forget(self, user_id: int) -> None:
        await self._delete("user_id = ?", (self._person(user_id),))

    async def _delete(self, where: str, params: tuple[Any, ...]) -> None:
        """The files `where` says, their contents first (in one unit of work, in order)."""
        await uow.write(self.db, "DELETE FROM journal_file_chunks WHERE file_id IN"
                        f" (SELECT id FROM journal_files WHERE {where})", params)
        await uow.write(self.db, f"DELETE FROM journal_files WHERE {where}", params)

    async def purge_drafts(self, days: int) -> int:
        """Files of drafts older than the dialogs kept (`DIALOG_RETENTION_DAYS`): the draft
        that named them is gone with its dialog, or a quick exit dropped it. Returns how many."""
        before = now() - days * 86_400
        where = "entry IS NULL AND received_at < ?"
        await self.db.execute("DELETE FROM journal_file_chunks WHERE file_id IN"
                              f" (SELECT id FROM journal_files WHERE {where})", (before,))
        return await self.db.execute(f"DELETE FROM journal_files WHERE {where}", (before,))

    async def content(self, user_id: int, file_id: int) -> bytes | None:
        """A stored file's contents, only for its owner: another person, a guessed or forged
        id, a file still pending, all get None."""
        owned = await self.db.fetchone("SELECT id FROM journal_files WHERE id = ?"
                                       " AND user_id = ? AND state = ?",
                                       (file_id, self._person(user_id), STORED))
        if owned is None:
            return None
        rows = await self.db.fetchall("SELECT data FROM journal_file_chunks WHERE file_id = ?"
                                      " ORDER BY seq", (file_id,))
        opened = self.db.sealer.open_bytes
        return await asyncio.to_thread(lambda: b"".join(opened(r[0]) for r in rows))

    # -- the downloader's side ------------------------------------------------------------------
    async def claim(self, owner: str, limit: int = 4) -> list[Download]:
        at = int(time.time() * 1000)
        rows = await self.db.claim("journal_files", "id", "kind, ref, size", "state = ?",
                                   (PENDING,), limit=limit, owner=owner,
                                   lease_until=at + LEASE_MS, now=at)
        return [Download(int(r[0]), r[1], json.loads(self.db.sealer.open(r[2]))["f"], int(r[3]))
                for r in rows]

    async def stored(self, file_id: int, content: bytes, digest: str) -> None:
        """The contents, sealed a piece at a time (in a thread) and written a piece a
        transaction, so other people's answers commit in between; then the file is marked
        stored. A crash half-way leaves it pending: written again whole next time."""
        sealer = self.db.sealer
        await self.db.execute("DELETE FROM journal_file_chunks WHERE file_id = ?", (file_id,))
        for seq, start in enumerate(range(0, len(content), CHUNK)):
            piece = content[start:start + CHUNK]
            sealed = await asyncio.to_thread(sealer.seal_bytes, piece)
            await self.db.execute("INSERT INTO journal_file_chunks (file_id, seq, data)"
                                  " VALUES (?, ?, ?)", (file_id, seq, sealed))
        marked = await self.db.execute(
            "UPDATE journal_files SET state = ?, digest = ?, size = ?,"
            " stored_at = ?, lease_until = NULL, leased_by = NULL WHERE id = ?",
            (STORED, sealer.seal(digest), len(content), now(), file_id))
        if not marked:  # erased meanwhile (/forget, a discarded draft): its pieces go too
            await self.db.execute("DELETE FROM journal_file_chunks WHERE file_id = ?",
                                  (file_id,))

    async def failed(self, file_id: int) -> None:
        await self.db.execute("UPDATE journal_files SET state = ?, lease_until = NULL,"
                              " leased_by = NULL WHERE id = ?", (FAILED, file_id))

    async def _select(self, where: str, params: tuple[Any, ...]) -> list[Attachment]:
        await uow.read_your_writes()
        rows = await self.db.fetchall(f"SELECT {_FIELDS} FROM journal_files WHERE {where}"
                                      " ORDER BY id", params)
        return [self._opened(row) for row in rows]

    def _opened(self, row: Row) -> Attachment:
        ref = json.loads(self.db.sealer.open(row[2]))
        digest = self.db.sealer.open(row[5]) if row[5] else None
        return Attachment(int(row[0]), row[1], ref["f"], ref["u"], int(row[3]), row[4], digest,
                          int(row[6]), int(row[7]) if row[7] is not None else None)
