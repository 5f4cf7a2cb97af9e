"""Several replicas sharing the inbox (issue #16, part 4), on SQLite and on PostgreSQL with
the local Redis: a person's updates are handled once each and in order, whichever replica took
them in; a dead replica's updates are swept by another once their leases run out; a person's
lock is held by one replica at a time, renewed while held, and given back only by its holder."""

from __future__ import annotations

import asyncio
import json
import random
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from redis.asyncio import Redis

from bot.pipeline.inbox import InboxRunner, RawUpdate
from bot.pipeline.replicas import Replica
from storage.db import Database
from storage.inbox import InboxRepo
from storage.redis_locks import RedisLocks
from tests.databases import database_at
from tests.redis_service import redis_url, require_redis
from tests.test_storage import SEALER


@pytest.fixture(autouse=True)
def _needs_redis() -> None:
    require_redis()


@asynccontextmanager
async def redis_prefix() -> AsyncIterator[tuple[Redis, str]]:
    redis, prefix = Redis.from_url(redis_url()), f"qorgau-test:{uuid.uuid4().hex}"
    try:
        yield redis, prefix
    finally:
        names = [n async for n in redis.scan_iter(f"{prefix}*")]
        if names:
            await redis.delete(*names)
        await redis.aclose()


@asynccontextmanager
async def replicas(where: Path | str, count: int = 2) -> AsyncIterator[list[Replica]]:
    """`count` replicas: each its own connection to one database, one Redis."""
    async with redis_prefix() as (redis, prefix):
        dbs: list[Database] = [database_at(where, SEALER) for _ in range(count)]
        for db in dbs:
            await db.connect()
        try:
            yield [Replica(InboxRepo(db), RedisLocks(redis, prefix), SEALER.name_for)
                   for db in dbs]
        finally:
            for db in dbs:
                await db.close()


def message(update_id: int, user_id: int) -> RawUpdate:
    return {"update_id": update_id,
            "message": {"message_id": update_id, "date": 0, "text": "hi",
                        "chat": {"id": user_id, "type": "private"},
                        "from": {"id": user_id, "is_bot": False, "first_name": "A"}}}


def test_a_lock_is_one_holders_renewed_while_held_and_freed_only_by_it() -> None:
    async def check() -> None:
        async with redis_prefix() as (redis, prefix):
            one, two = RedisLocks(redis, prefix, lock_ms=300), RedisLocks(redis, prefix)
            order: list[str] = []

            async def hold_long() -> None:
                async with one.hold("p"):
                    order.append("one in")
                    for _ in range(6):  # 600 ms, twice the lock's life: renewed meanwhile
                        await asyncio.sleep(0.1)
                        assert await one.renew() == 1
                    order.append("one out")

            async def wait_then_hold() -> None:
                await asyncio.sleep(0.05)
                async with two.hold("p"):
                    order.append("two in")

            await asyncio.gather(hold_long(), wait_then_hold())
            assert order == ["one in", "one out", "two in"]
            assert one.held == two.held == 0
            # A lock that expired and went to another is not the first holder's to free.
            async with one.hold("q"):
                await redis.delete(f"{prefix}:q")  # as if it expired
                async with two.hold("q"):
                    pass
                await redis.set(f"{prefix}:q", "someone else's")
            assert await redis.get(f"{prefix}:q") == b"someone else's"

    asyncio.run(check())


def test_each_update_once_and_in_order_whichever_replica_took_it_in(
        db_at: Path | str) -> None:
    people, each = 6, 8
    handled: dict[int, list[int]] = {}

    async def check() -> None:
        async with replicas(db_at, 3) as group:
            rng = random.Random(7)
            updates = [(u, 9000 + u % people) for u in range(1, people * each + 1)]
            took_in: dict[int, Replica] = {}
            for update_id, user_id in updates:  # the balancer spreads them at random
                replica = took_in[update_id] = rng.choice(group)
                raw = message(update_id, user_id)
                await replica.inbox.store_once(update_id, json.dumps(raw),
                                               replica.person(update_id, raw),
                                               owner=replica.name)

            def handler(replica: Replica) -> Callable[[int, RawUpdate], Awaitable[None]]:
                async def handle(update_id: int, raw: RawUpdate) -> None:
                    user_id = raw["message"]["from"]["id"]
                    handled.setdefault(user_id, []).append(update_id)
                    await asyncio.sleep(rng.random() / 200)  # a handler's own time
                    await replica.inbox.finish(update_id)  # committed with the handler's writes
                return handle

            async def deliver(update_id: int, user_id: int) -> None:
                await asyncio.sleep(rng.random() / 50)  # arrival order differs from ids
                replica = took_in[update_id]
                await replica.in_order(update_id, message(update_id, user_id), handler(replica))

            await asyncio.gather(*(deliver(u, p) for u, p in updates))
            assert await group[0].inbox.pending() == []

    asyncio.run(check())
    assert len(handled) == people
    for user_id, ids in handled.items():
        assert ids == sorted(ids), f"person {user_id}: handled out of order {ids}"
        assert len(ids) == len(set(ids)) == each, f"person {user_id}: {ids}"


def test_a_dead_replicas_updates_are_swept_once_its_leases_run_out(db_at: Path | str) -> None:
    async def check() -> None:
        async with replicas(db_at, 2) as (dead, alive):
            for update_id in (1, 2):
                raw = message(update_id, 7001)
                await dead.inbox.store_once(update_id, json.dumps(raw),
                                            dead.person(update_id, raw), owner=dead.name)
            await alive.inbox.store_once(3, '{"update_id": 3}', None, owner=alive.name)
            got: list[int] = []

            async def handle(update_id: int, raw: RawUpdate) -> None:
                got.append(update_id)
                await alive.inbox.finish(update_id)

            runner = InboxRunner(handle)
            runner.submit([(3, {"update_id": 3})])  # alive's own, in its runner's hands
            assert await alive.sweep(runner) == 0  # dead's leases still run
            await dead.inbox.renew(dead.name, lease_ms=50)  # ...and run out: it died
            await asyncio.sleep(0.1)
            assert await alive.sweep(runner) == 2  # not 3 again: it is in hand already
            await runner.finish(grace=5)
            assert sorted(got) == [1, 2, 3]
            # A clean stop gives back what is left at once.
            await dead.inbox.store_once(4, '{"update_id": 4}', None, owner=dead.name)
            assert await alive.sweep(InboxRunner(handle)) == 0
            await dead.release()
            runner = InboxRunner(handle)
            assert await alive.sweep(runner) == 1
            await runner.finish(grace=5)
            assert got[-1] == 4

    asyncio.run(check())


def test_an_update_finished_while_the_sweep_claims_it_is_not_handled_again() -> None:
    """The claim reads the row of an update this replica is finishing (its deletion not yet
    committed); the handler is done by the time the claim returns: it is not submitted again."""
    handled: list[int] = []

    async def check() -> None:
        finished = asyncio.Event()

        async def handle(update_id: int, raw: RawUpdate) -> None:
            await finished.wait()
            handled.append(update_id)

        runner = InboxRunner(handle)
        runner.submit([(5, {"update_id": 5})])

        class ClaimDuringFinish:
            async def claim(self, limit: int, owner: str) -> list[tuple[int, str]]:
                finished.set()  # the handler finishes while the claim runs
                while runner.holds(5):
                    await asyncio.sleep(0)
                return [(5, '{"update_id": 5}')]

        replica = Replica(ClaimDuringFinish(), None, str)  # type: ignore[arg-type]
        assert await replica.sweep(runner) == 0
        await runner.finish(grace=5)

    asyncio.run(check())
    assert handled == [5]
