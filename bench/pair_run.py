"""One measured run for bench_pair.py: a fresh stand-in Bot API, fresh storage and one bot
process (Qorgau or the bare aiogram bot). It measures the start-up (from the process's start to
its first getUpdates, wall and the process's CPU then), the idle RSS a few seconds later, and
then, under bench_load's presses, the process's CPU per press and the latency of a press.
"""

from __future__ import annotations

import json
import signal
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench_load import ROOT, Load, cpu_seconds, p99, start_bot
from scale import fresh_settings

from sandbox.fakeapi import FakeTelegram, running_in_thread

GC_PROBE = ROOT / "bench" / "gc_probe"
REDIS_DB = 12  # bench_pair's own: scale.py's default (13) may be in use by another benchmark
DATABASE = "qorgau_pair"
BACKENDS = {"sqlite": "SQLite", "scale": "PostgreSQL + Redis"}


@dataclass(frozen=True)
class Run:
    startup_s: float  # process start -> first getUpdates, wall
    startup_cpu_s: float  # the process's CPU at its first getUpdates
    idle_rss_mb: float
    presses: int
    cpu_ms: float  # the process's CPU per press under load
    p50_ms: float
    p99_ms: float
    gc: dict[str, dict[str, float]] | None  # generation -> count, max_ms, total_ms (--gc-pauses)


class BenchError(Exception):
    """A run that could not be measured; the message is one line."""


class FirstPoll:
    """The moment of the bot's first getUpdates and the bot's CPU then: a waker of the stand-in,
    called in its thread as each long poll starts (nothing else wakes it before people come)."""

    def __init__(self, tg: FakeTelegram) -> None:
        self.tg = tg
        self.pid: int | None = None
        self.at: float | None = None
        self.cpu = 0.0
        tg.add_waker(self._on_wake)

    def _on_wake(self) -> None:
        if self.at is None and self.pid is not None and self.tg.mark() > 0:
            self.at = time.perf_counter()
            self.cpu = cpu_seconds(self.pid)


def vm_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise BenchError(f"no VmRSS for process {pid}")


def storage_settings(backend: str, data: Path) -> dict[str, str]:
    """Qorgau's settings for the backend: none for SQLite (its default path, nothing extra);
    an empty PostgreSQL database and Redis db of bench_pair's own for the scale path."""
    if backend == "sqlite":
        return {}
    return fresh_settings("postgres", data, redis_db=REDIS_DB, database=DATABASE)


def read_gc(bot: subprocess.Popen[bytes], path: Path) -> dict[str, dict[str, float]]:
    """The probe's passes since the last call (bench/gc_probe writes them on SIGUSR2)."""
    path.unlink(missing_ok=True)
    bot.send_signal(signal.SIGUSR2)
    deadline = time.monotonic() + 5
    while not path.exists():
        if time.monotonic() > deadline:
            raise BenchError("the bot did not write its garbage-collector counts (SIGUSR2)")
        time.sleep(0.01)
    report: dict[str, dict[str, float]] = json.loads(path.read_text())
    return report


def measure(bare: bool, backend: str, people: int, seconds: float, *, idle: float = 3.0,
            gc_pauses: bool = False, repo: Path = ROOT) -> Run:
    with running_in_thread() as server, tempfile.TemporaryDirectory() as tmp:
        data, tg = Path(tmp), server.tg
        settings = {} if bare else storage_settings(backend, data)
        if gc_pauses:
            settings["QORGAU_BENCH_GC"] = str(data / "gc.json")
        first = FirstPoll(tg)
        started = time.perf_counter()
        bot = start_bot(repo, server.url, tg.token, data, GC_PROBE if gc_pauses else None,
                        settings, bare)
        first.pid = bot.pid
        try:
            return _measure_running(bot, tg, first, started, data, people, seconds, idle,
                                    gc_pauses)
        finally:
            bot.terminate()
            try:
                bot.wait(30)
            except subprocess.TimeoutExpired:
                bot.kill()
                bot.wait(10)


def _measure_running(bot: subprocess.Popen[bytes], tg: FakeTelegram, first: FirstPoll,
                     started: float, data: Path, people: int, seconds: float, idle: float,
                     gc_pauses: bool) -> Run:
    deadline = time.monotonic() + 120
    while first.at is None:
        if bot.poll() is not None or time.monotonic() > deadline:
            raise BenchError(f"the bot did not start polling (exit code {bot.returncode}); "
                             f"the end of its log: {_log_tail(data)}")
        time.sleep(0.005)
    time.sleep(idle)
    rss = vm_rss_mb(bot.pid)
    load = Load(tg, people)
    load.setup()
    if gc_pauses:
        read_gc(bot, data / "gc.json")  # from here on: the load only
    cpu_before = cpu_seconds(bot.pid)
    latencies, presses = load.run(seconds)
    cpu = cpu_seconds(bot.pid) - cpu_before
    gc = read_gc(bot, data / "gc.json") if gc_pauses else None
    if not presses:
        raise BenchError("no press was answered")
    latencies.sort()
    return Run(startup_s=first.at - started, startup_cpu_s=first.cpu, idle_rss_mb=rss,
               presses=presses, cpu_ms=cpu / presses * 1000,
               p50_ms=statistics.median(latencies), p99_ms=p99(latencies), gc=gc)


def _log_tail(data: Path) -> str:
    try:
        lines = (data / "bot.log").read_text(errors="replace").strip().splitlines()
    except OSError:
        return "(none)"
    return lines[-1][:300] if lines else "(empty)"
