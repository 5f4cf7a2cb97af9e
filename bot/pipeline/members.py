"""Who may act on cases in an organisation's group: its members (asked of Telegram, remembered
for a few minutes so a busy topic does not ask on every message), its own admins (named in
ORGANISATIONS_FILE) and ADMIN_IDS, the deployment's admins. A member or admin of one
organisation is nothing in another's group: every answer is about one group.

A member counts while Telegram says creator, administrator or member, or restricted but still
in the group (`is_member`); someone who left or was removed ("left", "kicked") never does.
The answer is remembered for `remember_for` seconds (5 minutes): a removed member loses access
within minutes, and a failed check is not remembered."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Protocol

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ChatMember

if TYPE_CHECKING:  # redis is the scale path's: imported only when REDIS_URL is set
    from redis.asyncio import Redis

log = logging.getLogger(__name__)
MEMBER_STATUSES = frozenset({"creator", "administrator", "member"})
GROUP_ANONYMOUS_BOT = 1087968824  # an anonymous admin of the group writes as this account


class Groups(Protocol):
    """The organisations' groups (bot.handoff.organisations.Organisations)."""

    def is_group(self, chat_id: int | None) -> bool: ...
    def admins_of(self, chat_id: int) -> frozenset[int]: ...


class Members:
    def __init__(self, bot: Bot, groups: Groups, admins: Collection[int],
                 remember_for: float = 300.0, clock: Callable[[], float] = time.monotonic,
                 ) -> None:
        self.bot = bot
        self.groups = groups
        self.admins = frozenset(admins)  # ADMIN_IDS: the deployment's, admins everywhere
        self.remember_for = remember_for
        self.clock = clock
        self._known: dict[tuple[int, int], tuple[bool, float]] = {}

    def admins_of(self, chat_id: int) -> frozenset[int]:
        """Who is an admin in this group: ADMIN_IDS and the organisation's own admins."""
        return self.admins | self.groups.admins_of(chat_id)

    async def may_act(self, user_id: int, chat_id: int) -> bool:
        """May `user_id` act on the cases of the group `chat_id`?"""
        if not self.groups.is_group(chat_id):
            return False
        if user_id in self.admins_of(chat_id) or user_id == GROUP_ANONYMOUS_BOT:
            return True
        known = await self.recall(chat_id, user_id)
        if known is not None:
            return known
        try:
            member = await self.bot.get_chat_member(chat_id, user_id)
        except TelegramAPIError as exc:
            log.warning("could not check a defender's membership (%s)", exc)
            return False
        allowed = counts(member)
        await self.remember(chat_id, user_id, allowed)
        return allowed

    async def recall(self, chat_id: int, user_id: int) -> bool | None:
        known = self._known.get((chat_id, user_id))
        if known is not None and self.clock() - known[1] < self.remember_for:
            return known[0]
        return None

    async def remember(self, chat_id: int, user_id: int, allowed: bool) -> None:
        if len(self._known) > 10_000:
            self._known.clear()
        self._known[(chat_id, user_id)] = (allowed, self.clock())


class SharedMembers(Members):
    """The answers remembered in Redis for every replica (REDIS_URL), under a keyed hash of the
    defender's id, for the same few minutes."""

    def __init__(self, bot: Bot, groups: Groups, admins: Collection[int],
                 redis: Redis, name: Callable[[int], str], prefix: str = "qorgau:member",
                 remember_for: float = 300.0) -> None:
        super().__init__(bot, groups, admins, remember_for)
        self.redis, self.name, self.prefix = redis, name, prefix

    async def recall(self, chat_id: int, user_id: int) -> bool | None:
        value = await self.redis.get(f"{self.prefix}:{chat_id}:{self.name(user_id)}")
        return None if value is None else value in (b"1", "1")

    async def remember(self, chat_id: int, user_id: int, allowed: bool) -> None:
        await self.redis.set(f"{self.prefix}:{chat_id}:{self.name(user_id)}",
                             "1" if allowed else "0", ex=max(1, int(self.remember_for)))


def counts(member: ChatMember) -> bool:
    """Whether Telegram's answer about someone makes them a member of the group now."""
    if member.status == "restricted":  # restricted, and perhaps no longer in the group
        return getattr(member, "is_member", False) is True
    return member.status in MEMBER_STATUSES
