"""The real bot process under load, over HTTP against the stand-in Bot API: PEOPLE people each
answering the pre-assessment, one press every ~2 s (each waits for the screen before the next).
Prints press -> answer latency (p50, p99), presses per second and the bot's CPU per press.

    .venv/bin/python bench/bench_load.py [--people 200] [--seconds 30] [--repo PATH] [--count]
                                         [--set REDIS_URL=redis://127.0.0.1:6379/13 ...] [--bare]

--repo runs the bot from another checkout (e.g. a git worktree of an earlier commit), so two
versions are measured with the same load. --count loads bench/counting into the bot process and
also prints SQL statements, commits and thread hops per press (it slows the bot a little).
--bare runs the yardstick instead, a bare aiogram bot answering the same presses (bare_bot.py):
issue #25 states Qorgau's cost as a ratio to it, measured in turns on the same machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sandbox.fakeapi import Event, FakeTelegram, running_in_thread  # noqa: E402

ANSWERS = 16  # presses before a restart; the texts' edition has 16 questions
COUNTING = ROOT / "bench" / "counting"


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_bot(repo: Path, url: str, token: str, data: Path, site: Path | None = None,
              settings: dict[str, str] | None = None, bare: bool = False,
              ) -> subprocess.Popen[bytes]:
    """The bot (or the bare one) polling `url`; `site`: a sitecustomize folder (a probe such as
    bench/counting) loaded into it ahead of the code, configured through `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.endswith(("_URL", "TOKEN"))}
    env.update(BOT_TOKEN=token, TELEGRAM_API_URL=url, DATABASE_URL=f"sqlite:///{data}/q.db",
               DATA_DIR=str(data), LOG_LEVEL="WARNING", FLOOD_BURST="100000",
               PYTHONPATH=str(repo))
    env.update(settings or {})  # --set: the scale path (REDIS_URL, DATABASE_URL=postgresql://)
    if site is not None:
        env["PYTHONPATH"] = f"{site}:{repo}"
    command = [sys.executable, str(ROOT / "bench" / "bare_bot.py")] if bare else \
        [sys.executable, "-m", "bot", "run"]
    return subprocess.Popen(command, cwd=repo, env=env,
                            stdout=subprocess.DEVNULL, stderr=open(data / "bot.log", "wb"))


def p99(latencies: list[float]) -> float:
    """Of sorted latencies; of 100 or fewer it is the largest."""
    return latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]


class Load:
    def __init__(self, tg: FakeTelegram, people: int, first: int = 500_000) -> None:
        """`first`: the first person's id; another Load on the same stand-in takes others."""
        self.tg = tg
        self.users = list(range(first, first + people))
        self.answered: dict[str, float] = {}
        self.lock = threading.Lock()
        tg.add_listener(self._on_event)

    def _on_event(self, event: Event) -> None:
        if event.kind == "answer":
            with self.lock:
                self.answered[event.detail["query_id"]] = time.perf_counter()

    def close(self) -> None:
        """Stop listening to the stand-in (before the next Load on it)."""
        self.tg.remove_listener(self._on_event)

    def screen_id(self, user: int) -> int:
        return next(m.message_id for m in reversed(self.tg.bot_messages(user)) if m.buttons)

    def setup(self) -> None:
        for user in self.users:
            self.tg.user(user, "P", "ru")
            self.tg.send_text(user, "/start")
        self.tg.wait_for(lambda: all(self.tg.bot_messages(u) for u in self.users), timeout=120)
        queries = [self.tg.press(u, self.screen_id(u), "q:0:start") for u in self.users]
        self.tg.wait_for(lambda: all(q in self.answered for q in queries), timeout=120)

    def run(self, seconds: float) -> tuple[list[float], int]:
        rng = random.Random(7)
        begin = time.perf_counter()
        due = {u: begin + rng.uniform(0, 2) for u in self.users}
        position = dict.fromkeys(self.users, 0)
        pending: dict[int, tuple[str, float]] = {}
        screens = {u: self.screen_id(u) for u in self.users}
        latencies: list[float] = []
        while time.perf_counter() - begin < seconds or pending:
            now = time.perf_counter()
            for user in self.users:
                if user in pending:
                    query, pressed = pending[user]
                    with self.lock:
                        done = self.answered.get(query)
                    if done is None:
                        continue
                    latencies.append((done - pressed) * 1000)
                    del pending[user]
                if now < due[user] or now - begin >= seconds:
                    continue
                if position[user] == ANSWERS:
                    data, position[user] = "q:0:again", 0
                else:
                    data, position[user] = f"a:{position[user]}:n", position[user] + 1
                pending[user] = (self.tg.press(user, screens[user], data), time.perf_counter())
                due[user] = now + rng.uniform(1.8, 2.2)
            time.sleep(0.002)
        return latencies, len(latencies)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--repo", type=Path, default=ROOT)
    parser.add_argument("--count", action="store_true")
    parser.add_argument("--bare", action="store_true", help="the bare aiogram bot instead")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting for the bot, e.g. REDIS_URL=redis://127.0.0.1:6379/13")
    args = parser.parse_args()
    settings = dict(item.split("=", 1) for item in args.set)
    with running_in_thread() as server, tempfile.TemporaryDirectory() as tmp:
        tg = server.tg
        if args.count:
            settings["QORGAU_BENCH_COUNTS"] = str(Path(tmp) / "counts.json")
        bot = start_bot(args.repo.resolve(), server.url, tg.token, Path(tmp),
                        COUNTING if args.count else None, settings, args.bare)
        try:
            tg.wait_polling(timeout=30)
            load = Load(tg, args.people)
            load.setup()
            counts_before = read_counts(bot, Path(tmp)) if args.count else {}
            cpu_before = cpu_seconds(bot.pid)
            started = time.perf_counter()
            latencies, presses = load.run(args.seconds)
            elapsed = time.perf_counter() - started
            cpu = cpu_seconds(bot.pid) - cpu_before
            time.sleep(0.3)  # let the last commits land before counting
            counts_after = read_counts(bot, Path(tmp)) if args.count else {}
        finally:
            bot.terminate()
            bot.wait(30)
    latencies.sort()
    where = "MemoryStorage" if args.bare else \
        ", ".join(k.split("_")[0] for k in settings if k != "QORGAU_BENCH_COUNTS") or "SQLite"
    name = "bare aiogram" if args.bare else args.repo.name
    print(f"{name} [{where}]: {args.people} people, a press every ~2 s "
          f"for {args.seconds:.0f} s: "
          f"{presses} presses, {presses / elapsed:.0f}/s; latency p50 "
          f"{statistics.median(latencies):.1f} ms, p99 {p99(latencies):.1f} ms, "
          f"max {latencies[-1]:.1f} ms; "
          f"bot CPU {cpu / presses * 1000:.2f} ms per press")
    if counts_after:
        per = {k: (counts_after[k] - counts_before.get(k, 0)) / presses for k in counts_after}
        print(f"  per press: {per['statements']:.2f} SQL statements, {per['commits']:.2f} commits,"
              f" {per['db_hops']:.2f} hops to a database thread, {per['pool_hops']:.2f} hops to"
              f" the thread pool")
        if per.get("pg_trips") or per.get("redis_trips"):
            print(f"  per press: {per['pg_trips']:.2f} trips to PostgreSQL,"
                  f" {per['redis_trips']:.2f} trips to Redis")


def read_counts(bot: subprocess.Popen[bytes], data: Path) -> dict[str, int]:
    path = data / "counts.json"
    path.unlink(missing_ok=True)
    bot.send_signal(signal.SIGUSR1)
    deadline = time.monotonic() + 5
    while not path.exists() or not path.stat().st_size:
        if time.monotonic() > deadline:
            raise TimeoutError("the bot did not write its counts")
        time.sleep(0.01)
    time.sleep(0.05)
    counts: dict[str, int] = json.loads(path.read_text())
    return counts


if __name__ == "__main__":
    main()
