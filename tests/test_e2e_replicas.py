"""Two replicas of the real bot (issue #16, part 4): webhook mode behind a round-robin balancer,
one PostgreSQL database, one Redis. One replica is killed (kill -9) while it holds people's
updates, their answers hanging on Telegram; the other takes those updates over once their
leases run out, and every person is greeted exactly once: nothing lost, nothing twice."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from sandbox.balancer import RunningBalancer, running_balancer
from sandbox.fakeapi import ThreadedServer
from tests.databases import create_schema, drop_schema, require_postgres
from tests.harness import BotProcess, Person, free_port
from tests.redis_service import redis_url, require_redis
from tests.test_e2e_durability import greetings, no_apologies
from tests.test_e2e_webhook import SECRET

PEOPLE = 24  # a wave; two waves


@pytest.fixture
def shared_env() -> Iterator[dict[str, str]]:
    """What the replicas share: the database, the data key, Redis."""
    require_postgres()
    require_redis()
    schema, url = create_schema(prefix="qrep")
    yield {"DATABASE_URL": url, "DATA_KEY": Fernet.generate_key().decode(),
           "REDIS_URL": redis_url(), "REDIS_PREFIX": f"qorgau-rep-{uuid.uuid4().hex[:12]}"}
    drop_schema(schema)


def replicas(api: ThreadedServer, tmp_path: Path, shared: dict[str, str],
             ) -> tuple[list[BotProcess], RunningBalancer]:
    ports = [free_port(), free_port()]
    balancer = running_balancer([f"http://127.0.0.1:{port}" for port in ports])
    bots = [BotProcess.for_server(api, tmp_path / f"replica-{n}", extra_env={
        **shared, "WEBHOOK_URL": f"{balancer.url}/tg/hook", "WEBHOOK_SECRET": SECRET,
        "WEBHOOK_LISTEN": f"127.0.0.1:{port}"}) for n, port in enumerate(ports)]
    for bot in bots:
        bot.data_dir.mkdir()
        bot.database_url = shared["DATABASE_URL"]  # for bot.query
    return bots, balancer


def test_a_replica_killed_mid_run_loses_nothing_and_repeats_nothing(
        api: ThreadedServer, tmp_path: Path, shared_env: dict[str, str]) -> None:
    (one, two), balancer = replicas(api, tmp_path, shared_env)
    with balancer, one, two:
        one.start()
        two.start()
        api.tg.hold("sendMessage")  # the answers hang: the updates are in the replicas' hands
        first = [Person(api.tg, 880_000 + n, "kk") for n in range(PEOPLE)]
        for person in first:
            person.send("/start", wait=False)
        api.tg.wait_for(lambda: api.tg.pending_updates() == 0, timeout=15)  # all stored
        assert min(balancer.balancer.forwarded) > 0  # both replicas took some in
        one.kill()
        api.tg.release()  # the dead replica's requests are dropped, as if never sent
        second = [Person(api.tg, 890_000 + n, "kk") for n in range(PEOPLE)]
        for person in second:  # meanwhile the balancer finds only the live replica
            person.send("/start", wait=False)
        everyone = first + second
        # The dead replica's updates wait for their leases (10 s), then the other takes them.
        api.tg.wait_for(lambda: all(greetings(p) for p in everyone), timeout=40,
                        message="every person greeted")
        api.tg.wait_idle(quiet=1.0, timeout=30)
        assert [greetings(p) for p in everyone] == [1] * len(everyone)
        assert no_apologies(api)
        assert api.tg.pending_updates() == 0
        assert two.query("SELECT COUNT(*) FROM inbox") == [(0,)]
        assert "took over" in two.logs()
        assert "Traceback" not in two.logs() + one.logs()
