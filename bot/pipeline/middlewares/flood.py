"""A per-person flood limit: a token bucket, so bursts pass and a flood is dropped.

Registered right after the guard, before the FSM middleware: a flood costs no lock and no SQL.
A dropped update gets no Bot API call at all (not even a press's spinner stopped), except once
per flood episode: the first update dropped in a private chat brings one calm notice, sent the
normal way (the request middlewares apply: send budget, retries, chat log for quick exit). The
episode ends when the person's bucket has refilled; a later flood is told again.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import TYPE_CHECKING, Any

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Chat, TelegramObject, User

from bot.kit.i18n import Translations, locale_for_client
from dialogs.rate import Clock, KeyedBuckets
from storage.people import PeopleRepo

if TYPE_CHECKING:  # redis is the scale path's: imported only when REDIS_URL is set
    from storage.redis_rate import RedisBuckets

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
NOTICE = "flood-notice"  # texts/locales/*/guard.ftl
MAX_EPISODES = 50_000  # people in a flood episode remembered at once (as many as buckets)
EPISODE_MEMORY = 3600  # seconds Redis remembers that a person was told of their flood


class Verdict(Enum):
    ALLOW = "allow"
    DROP = "drop"
    NOTICE = "notice"  # drop, and tell the person once


class FloodLimit(BaseMiddleware):
    def __init__(self, burst: int, rate: float, clock: Clock | None = None,
                 on_drop: Callable[[], None] | None = None) -> None:
        self.buckets = KeyedBuckets(rate, burst, *(() if clock is None else (clock,)))
        self.on_drop = on_drop  # counts drops (bot/pipeline/ops/metrics.py)
        self._episodes: dict[int, None] = {}  # people told of their flood, oldest first

    def allow(self, user_id: int) -> bool:
        return self.check(user_id) is Verdict.ALLOW

    def check(self, user_id: int, *, may_notice: bool = True) -> Verdict:
        """Take a token for this update; a drop is a NOTICE once per episode (when
        `may_notice`: in a private chat), else a quiet DROP."""
        bucket = self.buckets.get(user_id)
        if user_id in self._episodes and bucket.full():
            del self._episodes[user_id]  # refilled since: the last flood is over
        if bucket.try_take() == 0:
            return Verdict.ALLOW
        if not may_notice or user_id in self._episodes:
            return Verdict.DROP
        self._episodes[user_id] = None
        if len(self._episodes) > MAX_EPISODES:
            del self._episodes[next(iter(self._episodes))]
        return Verdict.NOTICE

    async def verdict(self, user_id: int, *, may_notice: bool) -> Verdict:
        return self.check(user_id, may_notice=may_notice)

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None:
            return await handler(event, data)
        chat: Chat | None = data.get("event_chat")
        private = chat is not None and chat.type == "private" and chat.id == user.id
        verdict = await self.verdict(user.id, may_notice=private)
        if verdict is Verdict.ALLOW:
            return await handler(event, data)
        if self.on_drop is not None:
            self.on_drop()
        if verdict is Verdict.NOTICE:
            log.info("a flood: one person's updates are dropped for a moment")
            await self.notify(user, data)
        return None

    @staticmethod
    async def notify(user: User, data: dict[str, Any]) -> None:
        """The one notice of an episode, in the person's language, in their private chat."""
        bot: Bot | None = data.get("bot")
        translations: Translations | None = data.get("translations")
        people: PeopleRepo | None = data.get("people")
        if bot is None or translations is None:
            return
        locale = await people.locale(user.id) if people is not None else None
        t = translations.get(locale or locale_for_client(user.language_code))
        try:
            await bot.send_message(user.id, t(NOTICE))
        except TelegramAPIError as exc:  # blocked meanwhile, or Telegram said no: stay quiet
            log.info("the flood notice was not delivered (%s)", exc)


class SharedFloodLimit(FloodLimit):
    """The same limit in Redis for every replica (REDIS_URL): a person's updates may reach any
    of them. Buckets and episodes are named by a keyed hash of the person's id, never the id."""

    def __init__(self, buckets: RedisBuckets, name: Callable[[int], str]) -> None:
        super().__init__(int(buckets.burst), buckets.rate)
        self.shared, self.name = buckets, name

    async def verdict(self, user_id: int, *, may_notice: bool) -> Verdict:
        # The first replica to mark the episode tells the person; the mark outlives any flood.
        return Verdict(await self.shared.flood_verdict(
            self.name(user_id), may_notice=may_notice, remember=EPISODE_MEMORY))
