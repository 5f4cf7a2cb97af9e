"""Each organisation's canned answers (0024): a name, and its text in kk, ru and en."""

from __future__ import annotations

from collections import defaultdict

from storage import unit as uow
from storage.engine import Database, now


class CannedRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def put(self, org: str, name: str, locale: str, body: str, by: int) -> None:
        await uow.write(self.db, "INSERT INTO canned_answers (org, name, locale, body,"
                        " updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
                        " ON CONFLICT (org, name, locale) DO UPDATE SET body = excluded.body,"
                        " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                        (org, name, locale, body, by, now()))

    async def delete(self, org: str, name: str, locale: str | None = None) -> None:
        if locale is None:
            await uow.write(self.db, "DELETE FROM canned_answers WHERE org = ? AND name = ?",
                            (org, name))
        else:
            await uow.write(self.db, "DELETE FROM canned_answers WHERE org = ? AND name = ?"
                            " AND locale = ?", (org, name, locale))

    async def versions(self, org: str, name: str) -> dict[str, str]:
        """The answer's text by language (empty: no such answer)."""
        await uow.read_your_writes()
        rows = await self.db.fetchall(
            "SELECT locale, body FROM canned_answers WHERE org = ? AND name = ?", (org, name))
        return {str(r[0]): str(r[1]) for r in rows}

    async def names(self, org: str) -> dict[str, list[str]]:
        """Every answer of the organisation with its languages, by name."""
        await uow.read_your_writes()
        rows = await self.db.fetchall(
            "SELECT name, locale FROM canned_answers WHERE org = ? ORDER BY name, locale",
            (org,))
        found: dict[str, list[str]] = defaultdict(list)
        for name, locale in rows:
            found[str(name)].append(str(locale))
        return dict(found)
