"""Loaded into a bot process by bench_pair.py --gc-pauses (through PYTHONPATH, as
bench/counting is): times the garbage collector's generation-1 and generation-2 passes, and on
SIGUSR2 writes, to $QORGAU_BENCH_GC, how many there were since the last signal and their
longest and total pause, then starts counting afresh. A pause is wall time (what a waiting
person sees, preemption by other processes included) and the thread's CPU time in it. Works on
any version of the bot and on the bare one, since it changes no code of theirs."""

from __future__ import annotations

import gc
import json
import os
import signal
import time

_started = (0.0, 0.0)  # perf_counter, thread_time
_passes: dict[int, list[tuple[float, float]]] = {}  # generation -> (wall, CPU) s of each pass


def _time_pass(phase: str, info: dict[str, int]) -> None:
    global _started
    generation = info["generation"]
    if generation == 0:  # young passes are many and short; the tail is in the older ones
        return
    if phase == "start":
        _started = (time.perf_counter(), time.thread_time())
    else:
        _passes.setdefault(generation, []).append(
            (time.perf_counter() - _started[0], time.thread_time() - _started[1]))


def _dump(*_: object) -> None:
    report = {}
    for gen in (1, 2):
        walls, cpus = [w for w, _ in _passes.get(gen, [])], [c for _, c in _passes.get(gen, [])]
        report[str(gen)] = {"count": len(walls), "max_ms": max(walls, default=0.0) * 1000,
                            "total_ms": sum(walls) * 1000,
                            "max_cpu_ms": max(cpus, default=0.0) * 1000}
    _passes.clear()
    path = os.environ["QORGAU_BENCH_GC"]
    with open(path + ".tmp", "w") as out:
        json.dump(report, out)
    os.replace(path + ".tmp", path)  # the reader never sees half a file


if os.environ.get("QORGAU_BENCH_GC"):
    gc.callbacks.append(_time_pass)
    signal.signal(signal.SIGUSR2, _dump)
