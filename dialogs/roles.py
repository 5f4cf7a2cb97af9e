"""Who someone is to the bot in a given chat; the rule behind the router tree's filters."""

from __future__ import annotations

from collections.abc import Collection, Container
from enum import StrEnum


class Role(StrEnum):
    VICTIM = "victim"  # a private chat: the person the bot is for
    DEFENDER = "defender"  # anyone writing in an organisation's group
    ADMIN = "admin"  # a private chat with someone in ADMIN_IDS (they see the victim journey too)


def role_of(user_id: int, chat_id: int | None, chat_type: str | None,
            defenders_groups: Container[int], admin_ids: Collection[int]) -> Role | None:
    """The role, or None in a chat the bot does not serve (any other group)."""
    if chat_id is not None and chat_id in defenders_groups:
        return Role.DEFENDER
    if chat_type != "private":
        return None
    return Role.ADMIN if user_id in admin_ids else Role.VICTIM
