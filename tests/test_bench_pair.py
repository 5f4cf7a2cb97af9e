"""bench_pair.py's measuring parts (issue #25): the garbage-collector probe in a real process,
one measured run of the bare bot against the stand-in Bot API, and a clear line for a bad
option. The benchmark's numbers themselves are not tested: they depend on the machine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from pair_run import GC_PROBE, measure  # noqa: E402

CYCLES = """
import os, signal, sys, time
class Node:
    pass
for _ in range(200_000):  # garbage in cycles: only the collector frees it
    a, b = Node(), Node()
    a.other, b.other = b, a
import gc; gc.collect()
os.kill(os.getpid(), signal.SIGUSR2)
time.sleep(0.2)
os.rename(os.environ["QORGAU_BENCH_GC"], os.environ["QORGAU_BENCH_GC"] + ".first")
os.kill(os.getpid(), signal.SIGUSR2)
time.sleep(0.2)
"""


def test_the_gc_probe_times_older_passes_and_starts_afresh_on_each_signal(tmp_path: Path) -> None:
    out = tmp_path / "gc.json"
    env = {**os.environ, "PYTHONPATH": str(GC_PROBE), "QORGAU_BENCH_GC": str(out)}
    subprocess.run([sys.executable, "-c", CYCLES], env=env, check=True, timeout=60)
    first = json.loads(Path(f"{out}.first").read_text())
    assert first["1"]["count"] > 0 and first["2"]["count"] >= 1  # gc.collect() is a gen-2 pass
    assert first["2"]["max_ms"] > 0 and first["2"]["total_ms"] >= first["2"]["max_ms"]
    assert first["2"]["max_cpu_ms"] > 0
    second = json.loads(out.read_text())
    assert second["1"]["count"] == 0 and second["2"]["count"] == 0


def test_the_probe_does_nothing_without_its_setting() -> None:
    env = {**os.environ, "PYTHONPATH": str(GC_PROBE)}
    env.pop("QORGAU_BENCH_GC", None)
    code = "import gc, signal; print(len(gc.callbacks), signal.getsignal(signal.SIGUSR2))"
    done = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.split()[0] == "0"


def test_one_run_of_the_bare_bot_is_measured() -> None:
    started = time.perf_counter()
    # Enough presses for the process's CPU to pass one clock tick (10 ms): 2 presses did not
    run = measure(True, "sqlite", people=10, seconds=3, idle=0.3, gc_pauses=True)
    wall = time.perf_counter() - started
    assert run.startup_cpu_s > 0 and 0 < run.startup_s < wall
    assert run.idle_rss_mb > 20  # aiogram alone is several times that
    assert run.presses >= 2 and run.cpu_ms > 0 and 0 < run.p50_ms <= run.p99_ms
    assert run.gc is not None and set(run.gc) == {"1", "2"}


def test_a_bad_option_is_one_line_and_no_traceback() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "bench_pair.py"),
                           "--backend", "sqlite,mongo"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert "--backend: sqlite or scale, not mongo" in done.stderr
    assert "Traceback" not in done.stderr
