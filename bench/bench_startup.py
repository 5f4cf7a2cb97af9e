"""Start-up and idle memory, Qorgau next to the bare aiogram bot (issue #25: ≤ 1.1×).

Each round starts, in turns (the order alternates), `python -m bot run` on the default path
(SQLite, long polling, no REDIS_URL, METRICS_LISTEN or WEBHOOK_URL) and bench/bare_bot.py
against the stand-in Bot API, and measures: the process's CPU seconds and wall seconds until
its first getUpdates, and its resident memory (VmRSS) after IDLE seconds of polling with
nothing to do. Also the CPU seconds of a fresh interpreter importing each one's modules.
Prints min / median / max of each figure and of each Qorgau/bare ratio, and the load average.

    .venv/bin/python bench/bench_startup.py [--rounds 5] [--idle 5] [--repo PATH]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sandbox.fakeapi import running_in_thread  # noqa: E402

IMPORTS = {  # what each process imports before it starts polling
    "qorgau": "import bot.app",
    "bare": "import sys; sys.path.insert(0, 'bench'); import bare_bot",
}


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def import_cpu(repo: Path, which: str) -> float:
    """CPU seconds of a fresh interpreter that imports what `which` needs, and exits."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", IMPORTS[which]], cwd=repo, check=True,
                   env={**os.environ, "PYTHONPATH": str(repo)})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def start_once(repo: Path, which: str, idle: float) -> dict[str, float]:
    with running_in_thread() as server, tempfile.TemporaryDirectory() as tmp, \
            tempfile.TemporaryDirectory() as keys, open(Path(tmp) / "bot.log", "wb") as log:
        env = {k: v for k, v in os.environ.items() if not k.endswith(("_URL", "TOKEN", "LISTEN"))}
        env.update(BOT_TOKEN=server.tg.token, TELEGRAM_API_URL=server.url,
                   DATA_DIR=tmp, DATA_KEY_FILE=f"{keys}/key", LOG_LEVEL="WARNING",
                   PYTHONPATH=str(repo))
        command = [sys.executable, str(ROOT / "bench" / "bare_bot.py")] if which == "bare" \
            else [sys.executable, "-m", "bot", "run"]
        started = time.perf_counter()
        bot = subprocess.Popen(command, cwd=repo, env=env, stdout=subprocess.DEVNULL,
                               stderr=log)
        try:
            try:
                server.tg.wait_polling(timeout=120)
            except TimeoutError:
                sys.exit(f"{which} did not poll:\n{(Path(tmp) / 'bot.log').read_text()[-2000:]}")
            wall, cpu = time.perf_counter() - started, cpu_seconds(bot.pid)
            time.sleep(idle)
            rss = rss_mb(bot.pid)
        finally:
            bot.terminate()
            bot.wait(30)
    return {"start_s": wall, "start_cpu_s": cpu, "rss_mb": rss}


def spread(values: list[float], fmt: Callable[[float], str]) -> str:
    return f"{fmt(min(values))} / {fmt(statistics.median(values))} / {fmt(max(values))}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--idle", type=float, default=5.0)
    parser.add_argument("--repo", type=Path, default=ROOT)
    args = parser.parse_args()
    repo = args.repo.resolve()
    runs: dict[str, list[dict[str, float]]] = {"qorgau": [], "bare": []}
    for r in range(args.rounds):
        for which in ("qorgau", "bare") if r % 2 == 0 else ("bare", "qorgau"):
            result = start_once(repo, which, args.idle)
            result["import_cpu_s"] = import_cpu(repo, which)
            runs[which].append(result)
    print(f"{args.rounds} interleaved rounds, {args.idle:.0f} s idle; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; min / median / max")
    names = {"import_cpu_s": "import CPU, s", "start_cpu_s": "CPU to first getUpdates, s",
             "start_s": "wall to first getUpdates, s", "rss_mb": "idle VmRSS, MB"}
    for key, name in names.items():
        mine = [run[key] for run in runs["qorgau"]]
        bare = [run[key] for run in runs["bare"]]
        ratios = [a / b for a, b in zip(mine, bare, strict=True)]
        print(f"  {name:28} Qorgau {spread(mine, lambda x: f'{x:.2f}')}; "
              f"bare {spread(bare, lambda x: f'{x:.2f}')}; "
              f"ratio {spread(ratios, lambda x: f'{x:.2f}x')}")


if __name__ == "__main__":
    main()
