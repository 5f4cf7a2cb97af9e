"""Retention: delete what the bot no longer needs to keep."""

from __future__ import annotations

from storage.chat_log import ChatLogRepo
from storage.db import Database, now


async def purge(db: Database, dialog_days: int) -> dict[str, int]:
    """Returns how many rows were deleted, by kind."""
    expired_ids = await ChatLogRepo(db).purge_expired()
    stale_dialogs = await db.execute(
        "DELETE FROM fsm_state WHERE updated_at < ?", (now() - dialog_days * 86400,)
    )
    return {"message ids": expired_ids, "dialogs": stale_dialogs}
