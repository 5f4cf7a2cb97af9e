"""Claims with leases (issue #16, part 4), on SQLite and on PostgreSQL: replicas (here: two
Database objects on one database, each with several claimers at once) never get the same row
of the outbound queue or the inbox while its lease runs; a replica that dies mid-send leaves
its rows to the others once the lease expires; a replica's own rows stay its own."""

from __future__ import annotations

import asyncio
from pathlib import Path

from storage.db import Database
from storage.inbox import InboxRepo
from storage.outbox import OutboxRepo
from tests.databases import database_at
from tests.test_storage import SEALER

ROWS = 120


async def _replicas(where: Path | str, count: int = 2) -> list[Database]:
    dbs = [database_at(where, SEALER) for _ in range(count)]
    for db in dbs:
        await db.connect()
    return dbs


def test_two_replicas_never_claim_the_same_outbox_row(db_at: Path | str) -> None:
    async def check() -> list[list[int]]:
        one, two = await _replicas(db_at)
        try:
            repo = OutboxRepo(one)
            await one.run([repo.insert(1000 + i, "sendMessage", f'{{"n": {i}}}', kind="test")
                           for i in range(ROWS)])

            async def claimer(db: Database, owner: str) -> list[int]:
                got: list[int] = []
                while True:
                    rows = await OutboxRepo(db).claim(limit=7, owner=owner)
                    fresh = [r.id for r in rows if r.id not in got]
                    if not fresh:
                        return got
                    got += fresh
                    # sent: the row leaves the queue (and its lease with it)
                    for row_id in fresh:
                        await OutboxRepo(db).sent(row_id, None)

            return await asyncio.gather(*(claimer(db, f"{name}-{n}") for n in range(3)
                                          for db, name in ((one, "a"), (two, "b"))))
        finally:
            for db in (one, two):
                await db.close()

    claimed = asyncio.run(check())
    every = [row for rows in claimed for row in rows]
    assert sorted(every) == sorted(set(every)), "a row was claimed twice"
    assert len(every) == ROWS
    assert sum(1 for rows in claimed if rows) >= 2  # the work was shared, not taken by one


def test_a_dead_replicas_rows_go_to_another_when_the_lease_expires(db_at: Path | str) -> None:
    async def check() -> None:
        one, two = await _replicas(db_at)
        try:
            repo = OutboxRepo(one)
            await one.run([repo.insert(2000 + i, "sendMessage", "{}", kind="test")
                           for i in range(5)])
            held = await OutboxRepo(one).claim(limit=3, owner="dies", lease_ms=300)
            assert len(held) == 3
            # while the lease runs the other replica gets only the two left
            others = await OutboxRepo(two).claim(limit=10, owner="lives")
            assert {r.id for r in others}.isdisjoint({r.id for r in held}) and len(others) == 2
            # the holder asking again gets its own rows back (still its own)
            again = await OutboxRepo(one).claim(limit=10, owner="dies", lease_ms=300)
            assert {r.id for r in again} == {r.id for r in held}
            await asyncio.sleep(0.4)  # "dies" died mid-send: its lease runs out
            taken = await OutboxRepo(two).claim(limit=10, owner="lives")
            assert {r.id for r in held} <= {r.id for r in taken}
            assert [r.payload for r in taken] == ["{}"] * len(taken)  # opened with the key
            # a row sent again later (retry) is free for anyone
            await OutboxRepo(two).retry_at(held[0].id, 0, 1)
            assert held[0].id in {r.id for r in await OutboxRepo(one).claim(10, "dies")}
        finally:
            for db in (one, two):
                await db.close()

    asyncio.run(check())


def test_two_replicas_never_handle_the_same_update(db_at: Path | str) -> None:
    async def check() -> list[list[int]]:
        one, two = await _replicas(db_at)
        try:
            await InboxRepo(one).store([(u, f'{{"update_id": {u}}}') for u in range(ROWS)],
                                       ROWS)

            async def claimer(db: Database, owner: str) -> list[int]:
                got: list[int] = []
                inbox = InboxRepo(db)
                while rows := await inbox.claim(limit=5, owner=owner):
                    got += [u for u, _ in rows]
                    for update_id, payload in rows:
                        assert payload == f'{{"update_id": {update_id}}}'
                        await inbox.finish(update_id)
                return got

            return await asyncio.gather(*(claimer(db, f"{name}-{n}") for n in range(3)
                                          for db, name in ((one, "a"), (two, "b"))))
        finally:
            for db in (one, two):
                await db.close()

    claimed = asyncio.run(check())
    every = [u for rows in claimed for u in rows]
    assert sorted(every) == list(range(ROWS)), "an update was handled twice or not at all"


def test_a_chats_messages_go_one_at_a_time_in_order_across_replicas(db_at: Path | str) -> None:
    async def check() -> None:
        one, two = await _replicas(db_at)
        try:
            repo = OutboxRepo(one)
            await one.run([repo.insert(chat, "sendMessage", "{}", kind="test")
                           for chat in (5000, 5000, 5001)])
            first = await OutboxRepo(one).claim(limit=10, owner="a")
            assert [r.chat_id for r in first] == [5000, 5001]  # not 5000's second yet
            assert await OutboxRepo(two).claim(limit=10, owner="b") == []
            await OutboxRepo(one).sent(first[0].id, None)
            second = await OutboxRepo(two).claim(limit=10, owner="b")
            assert [r.chat_id for r in second] == [5000] and second[0].id > first[0].id
        finally:
            for db in (one, two):
                await db.close()

    asyncio.run(check())


def test_a_row_that_waited_past_its_lease_is_not_sent_by_its_first_holder(
        db_at: Path | str) -> None:
    async def check() -> None:
        one, two = await _replicas(db_at)
        try:
            repo = OutboxRepo(one)
            await one.run([repo.insert(6000, "sendMessage", "{}", kind="test")])
            [row] = await repo.claim(limit=1, owner="slow", lease_ms=50)
            assert await repo.renew(row.id, "slow")  # in time: still its own
            [row] = await repo.claim(limit=1, owner="slow", lease_ms=50)
            await asyncio.sleep(0.1)  # it waits for the send budget, past its lease
            [taken] = await OutboxRepo(two).claim(limit=1, owner="quick")
            assert taken.id == row.id
            assert not await repo.renew(row.id, "slow")  # so "slow" does not send it too
        finally:
            for db in (one, two):
                await db.close()

    asyncio.run(check())
