"""Subscriptions to legal news: the chat and its language, silent or not, active or not.

A row is keyed by the chat's keyed id (storage.ids) and holds the chat id sealed, for the
broadcasts sent when the subscriber is not there."""

from __future__ import annotations

from dataclasses import dataclass

from storage import unit as uow
from storage.engine import Database, now


@dataclass(frozen=True)
class Subscription:
    chat_id: int
    locale: str
    silent: bool
    active: bool


class SubscriptionsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, chat_id: int) -> Subscription | None:
        await uow.read_your_writes()
        row = await self.db.fetchone(
            "SELECT locale, silent, active FROM subscriptions WHERE chat_id = ?",
            (self._keyed(chat_id),))
        return Subscription(chat_id, row[0], bool(row[1]), bool(row[2])) if row else None

    def _keyed(self, chat_id: int) -> int:
        return self.db.sealer.keyed_id(chat_id)

    async def subscribe(self, chat_id: int, locale: str, silent: bool = True) -> None:
        at = now()
        await uow.write(
            self.db,
            "INSERT INTO subscriptions (chat_id, chat, locale, silent, active, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET"
            " locale = excluded.locale, silent = excluded.silent, active = 1,"
            " updated_at = excluded.updated_at",
            (self._keyed(chat_id), self.db.sealer.seal_id(chat_id), locale, int(silent), at, at))

    async def unsubscribe(self, chat_id: int) -> None:
        """Nothing is kept of a subscription that ended."""
        await uow.write(self.db, "DELETE FROM subscriptions WHERE chat_id = ?",
                        (self._keyed(chat_id),))

    async def set_locale(self, chat_id: int, locale: str) -> None:
        await uow.write(self.db, "UPDATE subscriptions SET locale = ?, updated_at = ?"
                        " WHERE chat_id = ?", (locale, now(), self._keyed(chat_id)))

    async def deactivate(self, chat_id: int) -> None:
        """The person blocked the bot (or the chat is gone): no longer sent to or counted."""
        await uow.write(self.db, "UPDATE subscriptions SET active = 0, updated_at = ?"
                        " WHERE chat_id = ?", (now(), self._keyed(chat_id)))

    async def audience(self, locales: tuple[str, ...]) -> list[Subscription]:
        marks = ", ".join("?" for _ in locales)
        rows = await self.db.fetchall(
            "SELECT chat, locale, silent, active FROM subscriptions WHERE active = 1 AND"
            f" locale IN ({marks}) ORDER BY chat_id", locales)
        return [Subscription(self.db.sealer.open_id(r[0]), r[1], bool(r[2]), bool(r[3]))
                for r in rows]

    async def counts(self) -> dict[str, int]:
        """Active subscribers by language."""
        rows = await self.db.fetchall(
            "SELECT locale, COUNT(*) FROM subscriptions WHERE active = 1 GROUP BY locale")
        return {r[0]: int(r[1]) for r in rows}
