"""What replicas share when REDIS_URL is set: the dialogs, the send budget, the flood limit and
the membership cache. Without it (the default) each lives in this process and the database.

Redis and its client are the scale path's: imported only from here, only when REDIS_URL is set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aiogram.fsm.storage.base import BaseStorage

from bot.pipeline.members import Groups, Members, SharedMembers
from bot.pipeline.middlewares.budget import Budget, LocalBudget, SharedBudget
from bot.pipeline.middlewares.flood import FloodLimit, SharedFloodLimit
from bot.pipeline.turns import OnlyProcess, SharedTurns, Turns
from bot.settings import Settings, SettingsError
from dialogs.rate import TokenBucket
from storage.crypto import Sealer
from storage.db import Database
from storage.fsm import SQLStorage

if TYPE_CHECKING:
    from aiogram import Bot
    from redis.asyncio import Redis


@dataclass
class State:
    dialogs: BaseStorage
    budget: Budget
    flood: FloodLimit
    redis: Redis | None = None
    prefix: str = ""
    turns: Turns = field(default_factory=OnlyProcess)

    def members(self, bot: Bot, groups: Groups, admins: frozenset[int],
                sealer: Sealer) -> Members:
        if self.redis is None:
            return Members(bot, groups, admins)
        return SharedMembers(bot, groups, admins, self.redis, sealer.name_for,
                             prefix=f"{self.prefix}:member")

    async def close(self) -> None:
        if self.redis is not None:
            await self.turns.release()
            await self.redis.aclose()


async def connect_redis(url: str) -> Redis:
    """A client that answered PING, or one line for the operator."""
    from redis.asyncio import Redis
    from redis.exceptions import RedisError

    redis = Redis.from_url(url, socket_connect_timeout=5, health_check_interval=30)
    try:
        await redis.ping()
    except (RedisError, OSError) as exc:
        await redis.aclose()
        raise SettingsError(f"setting REDIS_URL: Redis does not answer ({type(exc).__name__})"
                            ) from None
    return redis


async def build_state(settings: Settings, db: Database, sealer: Sealer) -> State:
    if settings.redis_url is None:
        return State(
            dialogs=SQLStorage(db),
            budget=LocalBudget(TokenBucket(rate=settings.send_rate, burst=settings.send_rate)),
            flood=FloodLimit(settings.flood_burst, settings.flood_rate),
        )
    from storage.redis_fsm import RedisDialogs
    from storage.redis_rate import RedisBuckets

    redis, prefix = await connect_redis(settings.redis_url.get_secret_value()), \
        settings.redis_prefix
    send = RedisBuckets(redis, f"{prefix}:send", settings.send_rate, settings.send_rate)
    flood = RedisBuckets(redis, f"{prefix}:flood", settings.flood_rate, settings.flood_burst)
    return State(
        dialogs=RedisDialogs(redis, sealer, settings.dialog_retention_days,
                             prefix=f"{prefix}:fsm"),
        budget=SharedBudget(send),
        flood=SharedFloodLimit(flood, sealer.name_for),
        redis=redis, prefix=prefix, turns=SharedTurns(redis, prefix),
    )
