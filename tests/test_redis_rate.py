"""One send budget for all replicas: token buckets in Redis (local Redis, 127.0.0.1:6379)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable

import pytest
from redis.asyncio import Redis

from storage.redis_rate import RedisBuckets
from tests.redis_service import redis_url, require_redis


@pytest.fixture(autouse=True)
def _needs_redis() -> None:
    require_redis()


def run(test: Callable[[Redis, str], Awaitable[None]]) -> None:
    async def wrapper() -> None:
        redis = Redis.from_url(redis_url())
        prefix = f"qorgau-test:{uuid.uuid4().hex}"
        try:
            await test(redis, prefix)
        finally:
            names = [n async for n in redis.scan_iter(f"{prefix}*")]
            if names:
                await redis.delete(*names)
            await redis.aclose()

    asyncio.run(wrapper())


def test_two_replicas_share_one_budget_not_two() -> None:
    async def check(redis: Redis, prefix: str) -> None:
        one, two = (RedisBuckets(redis, prefix, rate=20, burst=10) for _ in range(2))
        start, taken = time.monotonic(), 0
        while time.monotonic() - start < 1.0:
            for replica in (one, two):
                if await replica.try_take() == 0:
                    taken += 1
        # One bucket: its burst and a second of refill (a little slack for the loop's own time).
        assert 10 + 20 * 0.8 <= taken <= 10 + 20 * 1.2

    run(check)


def test_a_reserve_is_left_and_the_wait_is_said() -> None:
    async def check(redis: Redis, prefix: str) -> None:
        # a token every 10 s: the wait said is 10 s less the time between the calls, however
        # slow the machine
        budget = RedisBuckets(redis, prefix, rate=0.1, burst=3)
        assert await budget.try_take(reserve=1) == 0
        assert await budget.try_take(reserve=1) == 0
        wait = await budget.try_take(reserve=1)  # one token left: kept for the others
        assert 8 < wait <= 10.01
        assert await budget.try_take() == 0  # the others may take it

    run(check)


def test_a_429_pauses_every_replica() -> None:
    async def check(redis: Redis, prefix: str) -> None:
        one, two = (RedisBuckets(redis, prefix, rate=30, burst=30) for _ in range(2))
        await one.pause(200.0)
        wait = await two.try_take()
        assert 190 < wait <= 200

    run(check)


def test_buckets_per_person_are_apart_and_know_when_a_flood_is_over() -> None:
    async def check(redis: Redis, prefix: str) -> None:
        # A token back every 100 s: no refill between the calls however slow the machine
        # (at 50 a second, a call 20 ms late once found a token back under double CI load);
        # the refill is made by moving the bucket's clock back, not by waiting.
        flood = RedisBuckets(redis, prefix, rate=0.01, burst=2)
        assert await flood.try_take("a") == 0 and await flood.try_take("a") == 0
        assert await flood.try_take("a") > 0
        assert not await flood.full("a")
        assert await flood.try_take("b") == 0  # someone else is not slowed
        at = float(await redis.hget(f"{prefix}:a", "at"))
        await redis.hset(f"{prefix}:a", "at", at - 1000)  # 1,000 s ago: refilled
        assert await flood.full("a")

    run(check)


def test_a_clean_stop_gives_the_turn_back_and_never_takes_another_replicas() -> None:
    from bot.pipeline.turns import SharedTurns

    async def check(redis: Redis, prefix: str) -> None:
        old, new = SharedTurns(redis, prefix), SharedTurns(redis, prefix)
        assert await old.take("reminders", 60)
        await old.release()  # stopped cleanly: the restarted bot reminds at once
        assert await new.take("reminders", 60)
        await old.release()  # no longer old's turn: it stays new's
        assert not await old.take("reminders", 60)

    run(check)


def test_the_flood_verdict_takes_one_trip_and_tells_each_episode_once() -> None:
    """A token while there is one; the first drop of an episode is a notice (in a private chat:
    `may_notice`), once across replicas; the rest are quiet; a refilled bucket ends the
    episode, so the next flood is told again. One script call each (the trips are counted)."""

    async def check(redis: Redis, prefix: str) -> None:
        # A token back every 100 s: no refill between the calls however slow the machine;
        # the refill is made by moving the bucket's clock back (below), not by waiting.
        one, two = (RedisBuckets(redis, f"{prefix}:flood", rate=0.01, burst=2)
                    for _ in range(2))
        calls = 0
        script = one._flood

        async def counted(*args: object, **kwargs: object) -> object:
            nonlocal calls
            calls += 1
            return await script(*args, **kwargs)

        one._flood = counted  # type: ignore[method-assign]
        verdicts = [await one.flood_verdict("p", may_notice=True, remember=60)
                    for _ in range(3)]
        verdicts.append(await two.flood_verdict("p", may_notice=True, remember=60))
        verdicts.append(await one.flood_verdict("p", may_notice=True, remember=60))
        assert verdicts == ["allow", "allow", "notice", "drop", "drop"] and calls == 4
        assert await redis.exists(f"{prefix}:flood:episode:p")
        assert await one.flood_verdict("q", may_notice=False, remember=60) == "allow"
        assert await one.flood_verdict("q", may_notice=False, remember=60) == "allow"
        assert await one.flood_verdict("q", may_notice=False, remember=60) == "drop"
        assert not await redis.exists(f"{prefix}:flood:episode:q")  # a group's: never told
        bucket = f"{prefix}:flood:p"
        at = float(await redis.hget(bucket, "at"))
        await redis.hset(bucket, "at", at - 1000)  # 1,000 s ago: refilled, the episode is over
        assert await two.flood_verdict("p", may_notice=True, remember=60) == "allow"
        assert not await redis.exists(f"{prefix}:flood:episode:p")
        assert [await two.flood_verdict("p", may_notice=True, remember=60)
                for _ in range(2)] == ["allow", "notice"]

    run(check)
