"""The default path imports only what it needs (issue #25: start-up and idle memory close to a
bare aiogram bot). `qorgau run` with SQLite, long polling, no REDIS_URL, METRICS_LISTEN or
WEBHOOK_URL loads nothing of PostgreSQL, Redis, Prometheus, aiohttp's server or the sandbox:
a fresh interpreter does what `qorgau run` does up to polling, then lists what it imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sandbox.fakeapi import ThreadedServer
from tests.harness import REPO_ROOT, BotProcess, free_port

SCALE_OR_OPS_ONLY = (
    "asyncpg", "redis", "prometheus_client", "aiohttp.web", "sandbox",
    "storage.postgres", "storage.redis_fsm", "storage.redis_rate",
    "bot.pipeline.webhook", "bot.pipeline.ops.server", "bot.pipeline.ops.metrics",
)

# What bot.cli's `run` does, stopped once polling has begun; then what was imported.
RUN_THEN_LIST = f"""
import asyncio, json, sys
from bot.settings import load_settings

async def main():
    settings = load_settings()
    from bot.app import open_app, run
    app = await open_app(settings)
    stopping = asyncio.Event()
    running = asyncio.create_task(run(app, handle_signals=False, stopping=stopping))
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)  # polling now
    stopping.set()
    await running
    await app.close()

asyncio.run(main())
print(json.dumps(sorted(m for m in sys.modules if m.startswith({SCALE_OR_OPS_ONLY!r}))))
"""


def run_default_path(srv: ThreadedServer, data_dir: Path, **settings: str) -> list[str]:
    env = BotProcess.for_server(srv, data_dir).env()
    for name in ("REDIS_URL", "REDIS_PREFIX", "METRICS_LISTEN", "WEBHOOK_URL"):
        env.pop(name, None)
    env.update(DATABASE_URL=f"sqlite:///{data_dir / 'q.db'}", LOG_LEVEL="WARNING", **settings)
    with subprocess.Popen([sys.executable, "-c", RUN_THEN_LIST], cwd=REPO_ROOT, env=env,
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as child:
        try:  # it got as far as polling (however slow the machine), then it is told to stop
            srv.tg.wait_for(lambda: srv.tg.is_polling or child.poll() is not None, timeout=40)
            out, err = child.communicate("stop\n", timeout=120)
        finally:
            child.kill()
    assert child.returncode == 0, err[-3000:]
    assert srv.tg.is_polling
    imported: list[str] = json.loads(out.strip().splitlines()[-1])
    return imported


def test_the_default_path_imports_nothing_of_the_scale_path_or_the_ops_server(
        srv: ThreadedServer, data_dir: Path) -> None:
    assert run_default_path(srv, data_dir) == []


def test_metrics_listen_brings_the_ops_server_and_only_it(srv: ThreadedServer,
                                                          data_dir: Path) -> None:
    imported = run_default_path(srv, data_dir, METRICS_LISTEN=f"127.0.0.1:{free_port()}")
    assert {"prometheus_client", "aiohttp.web", "bot.pipeline.ops.metrics"} <= set(imported)
    assert not [m for m in imported if m.startswith(("asyncpg", "redis", "sandbox"))]
