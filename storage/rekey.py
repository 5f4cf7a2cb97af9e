"""Key rotation: every sealed value re-sealed with the current key, in one transaction.

Run with the bot stopped, DATA_KEY set to the new key and DATA_KEYS_OLD to the old one
(`python -m bot rekey`); afterwards the old key opens nothing and can be destroyed. Values
stored before encryption existed are sealed for the first time.
"""

from __future__ import annotations

from storage.engine import Database

# (table, key columns, sealed column, which rows): every place a person's words are kept, and
# the value that tells a wrong key at start-up.
SEALED = (
    ("inbox", ("update_id",), "payload", "payload <> ''"),
    ("outbox", ("id",), "payload", "payload <> ''"),
    ("fsm_state", ("bot_id", "chat_id", "user_id", "thread_id", "destiny"), "data", "1 = 1"),
    ("cases", ("id",), "summary", "1 = 1"),
    ("case_notes", ("id",), "body", "1 = 1"),
    ("safety_plans", ("user_id",), "plan", "1 = 1"),
    ("journal_entries", ("id",), "entry", "1 = 1"),
    ("journal_files", ("id",), "ref", "1 = 1"),
    ("journal_files", ("id",), "digest", "digest IS NOT NULL"),
    ("journal_file_chunks", ("file_id", "seq"), "data", "1 = 1"),
    ("journal_locks", ("user_id",), "secret", "1 = 1"),
    ("broadcasts", ("id",), "versions", "1 = 1"),
    ("bot_state", ("name",), "value", "name IN ('key_check', 'id_key')"),
    # chat ids the bot sends to later (storage.ids); the id key above keeps the keyed ids valid
    ("cases", ("id",), "person", "person IS NOT NULL"),
    ("subscriptions", ("chat_id",), "chat", "chat IS NOT NULL"),
    ("outbox", ("id",), "chat", "chat IS NOT NULL"),
)


async def rekey(db: Database) -> int:
    """Returns how many values were re-sealed."""
    count = 0
    async with db.transaction() as tx:
        for table, keys, column, which in SEALED:
            where = " AND ".join(f"{k} = ?" for k in keys)
            rows = await tx.fetchall(f"SELECT {', '.join(keys)}, {column} FROM {table}"
                                     f" WHERE {which}")
            for *key, value in rows:
                await tx.execute(f"UPDATE {table} SET {column} = ? WHERE {where}",
                                 (db.sealer.reseal(value), *key))
                count += 1
    await db.checkpoint()  # the values sealed with the old key leave the WAL too
    return count
