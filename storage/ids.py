"""Ids at rest: no row holds a person's Telegram id in clear (migration 0016).

A row the bot finds when the person is there (their language, dialog, message ids, safety plan,
contact choices) is keyed by `Sealer.keyed_id`: a keyed hash of the id, so a copy of the data
without the key cannot tell whether a given id used the bot. A row the bot must send from when
the person is not there (a case's person, a subscriber, a queued message) also holds the chat id
sealed (`Sealer.seal_id`), opened when it is read.

The hash's key, the *id key*, is random per deployment in effect (derived from the first data
key, see `Sealer.first_id_key`) and stored sealed in `bot_state`: `rekey` re-seals it like any
sealed value, so the hashes stay valid when the data key changes (they could not be computed
again: the ids are not stored).
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from storage.crypto import KEYED_ID_BASE, Sealer

if TYPE_CHECKING:
    from storage.engine import Database

ID_KEY = "id_key"  # bot_state: the id key, sealed
KEYED = "ids_keyed"  # bot_state: the rows of earlier versions were keyed (once per database)

# (table, id column, the column holding it sealed, or None): every place a person's id was kept.
PERSON_COLUMNS = (
    ("people", "user_id", None),
    ("fsm_state", "chat_id", None),
    ("fsm_state", "user_id", None),
    ("chat_messages", "chat_id", None),
    ("chat_undeletable", "chat_id", None),
    ("safety_plans", "user_id", None),
    ("contact", "chat_id", None),
    ("cases", "user_id", "person"),
    ("subscriptions", "chat_id", "chat"),
    ("outbox", "chat_id", "chat"),
)


async def prepare(db: Database) -> Sealer:
    """The database's sealer with its id key loaded (created on first start); rows written
    by earlier versions keyed once. Called by `Database.connect` after the key check."""
    sealer = db.sealer.with_id_key(await _id_key(db))
    if await _key_stored_ids(db, sealer):
        await db.checkpoint()  # the ids in clear leave the WAL too
    return sealer


async def _id_key(db: Database) -> bytes:
    select = "SELECT value FROM bot_state WHERE name = ?"
    row = await db.fetchone(select, (ID_KEY,))
    if row is None:  # first start; two replicas starting at once keep the first one stored
        first = base64.urlsafe_b64encode(db.sealer.first_id_key()).decode("ascii")
        await db.execute("INSERT INTO bot_state (name, value) VALUES (?, ?)"
                         " ON CONFLICT (name) DO NOTHING", (ID_KEY, db.sealer.seal(first)))
        row = await db.fetchone(select, (ID_KEY,))
        assert row is not None
    return open_id_key(db.sealer, row[0])


def open_id_key(sealer: Sealer, stored: str) -> bytes:
    """The id key from its stored (sealed) form: for tools and tests reading a copy."""
    return base64.urlsafe_b64decode(sealer.open(stored).encode("ascii"))


async def _key_stored_ids(db: Database, sealer: Sealer) -> int:
    """Key the ids earlier versions stored in clear, in one transaction; returns how many
    distinct ids. Done once: the mark in bot_state (a replica starting meanwhile waits for it
    and then finds it)."""
    changed = 0
    async with db.transaction() as tx:
        if not await tx.execute("INSERT INTO bot_state (name, value) VALUES (?, '1')"
                                " ON CONFLICT (name) DO NOTHING", (KEYED,)):
            return 0
        for table, column, sealed in PERSON_COLUMNS:
            rows = await tx.fetchall(f"SELECT DISTINCT {column} FROM {table}"
                                     f" WHERE {column} > 0 AND {column} < ?", (KEYED_ID_BASE,))
            for (value,) in rows:
                also = f", {sealed} = ?" if sealed else ""
                extra = (sealer.seal_id(value),) if sealed else ()
                await tx.execute(f"UPDATE {table} SET {column} = ?{also} WHERE {column} = ?",
                                 (sealer.keyed_id(value), *extra, value))
                changed += 1
    return changed
