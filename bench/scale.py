"""What bench_webhook.py and bench_replicas.py share: the dialog-storage variants with fresh
storage for every run, and bot replicas in webhook mode against the stand-in Bot API, behind
sandbox/balancer.py (a process of its own) when there are several.

Redis db 13 and the PostgreSQL database qorgau_bench by default (bench_pair.py: db 12 and
qorgau_pair): the test suite uses db 14/15 and the database `test`.
"""

from __future__ import annotations

import base64
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sandbox.fakeapi import ThreadedServer  # noqa: E402
from tests.harness import BOT_COMMAND, BotProcess, free_port  # noqa: E402

VARIANTS = ("memory", "sqlite", "redis", "postgres")
REDIS_URL = "redis://127.0.0.1:6379/13"
PG_URL = "postgresql://postgres@127.0.0.1:5432/qorgau_bench"
DATA_KEY = base64.urlsafe_b64encode(b"qorgau bench key, not a secret!!").decode()
SECRET = "bench-webhook-secret"
MEMORY_COMMAND = (sys.executable, str(ROOT / "bench" / "memory_dialogs.py"), "run")


def reset_redis(db: int = 13) -> None:
    subprocess.run(["redis-cli", "-n", str(db), "flushdb"], check=True, capture_output=True)


def reset_postgres(database: str = "qorgau_bench") -> None:
    subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres",
                    "-c", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)",
                    "-c", f"CREATE DATABASE {database}"], check=True, capture_output=True)


def fresh_settings(dialogs: str, data: Path, redis_db: int = 13,
                   database: str = "qorgau_bench") -> dict[str, str]:
    """Empty storage for one run of the variant, and the settings that point the bot at it.
    redis_db and database: another script's own, so two benchmarks can run side by side."""
    settings = {"DATA_KEY": DATA_KEY, "DATABASE_URL": f"sqlite:///{data}/qorgau.db"}
    if dialogs in ("redis", "postgres"):
        reset_redis(redis_db)
        settings.update(REDIS_URL=REDIS_URL.rsplit("/", 1)[0] + f"/{redis_db}",
                        REDIS_PREFIX="qorgau-bench")
    if dialogs == "postgres":
        reset_postgres(database)
        settings["DATABASE_URL"] = PG_URL.rsplit("/", 1)[0] + f"/{database}"
    return settings


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} ({os.cpu_count()} CPUs)"


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_listening(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing listens on port {port}") from None
            time.sleep(0.05)


class Replicas:
    """`count` bot processes in webhook mode on the same storage. One: the stand-in POSTs to
    it directly (or through the balancer with balancer=True); several: through the balancer."""

    def __init__(self, server: ThreadedServer, data: Path, count: int, settings: dict[str, str],
                 memory: bool = False, balancer: bool = False) -> None:
        self.ports = [free_port() for _ in range(count)]
        self.balanced = balancer or count > 1
        self.front_port = free_port() if self.balanced else self.ports[0]
        self.balancer: subprocess.Popen[bytes] | None = None
        self.data = data
        hook = f"http://127.0.0.1:{self.front_port}/tg/hook"
        command = MEMORY_COMMAND if memory else BOT_COMMAND
        self.bots = [
            BotProcess.for_server(server, data / f"replica{n}", command=command, extra_env={
                "LOG_LEVEL": "WARNING", "FLOOD_BURST": "100000", "WEBHOOK_URL": hook,
                "WEBHOOK_SECRET": SECRET, "WEBHOOK_LISTEN": f"127.0.0.1:{port}",
                "PYTHONPATH": str(ROOT), **settings})
            for n, port in enumerate(self.ports)]

    def start(self) -> Replicas:
        if self.balanced:
            backends = [f"http://127.0.0.1:{p}" for p in self.ports]
            with (self.data / "balancer.log").open("wb") as log:
                self.balancer = subprocess.Popen(
                    [sys.executable, "-m", "sandbox.balancer", "--listen",
                     f"127.0.0.1:{self.front_port}", *backends], cwd=ROOT,
                    stdout=subprocess.DEVNULL, stderr=log)
            wait_listening(self.front_port)
        for bot in self.bots:  # one after another: the first applies the migrations
            bot.start(timeout=60)
        return self

    @property
    def pids(self) -> list[int]:
        return [b.pid for b in self.bots if b.running and b.pid is not None]

    def cpu(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.pids)

    def stop(self) -> None:
        for bot in self.bots:
            try:
                bot.stop()
            except TimeoutError as exc:
                print(f"  (a replica ignored SIGTERM: {str(exc).splitlines()[0]})")
        if self.balancer is not None:
            self.balancer.terminate()
            self.balancer.wait(10)
