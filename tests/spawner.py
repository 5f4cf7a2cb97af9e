"""Start bot processes from one that has already imported the bot: each `python -m bot …` of
the end-to-end tests is a fork of it, not a new interpreter paying aiogram's import again
(5–7 s of CPU each on the 2-core machine; the suite starts about a hundred and fifty).

A forked bot is a real process all the same: its own pid, environment, working directory,
stdout and stderr files, signals (SIGTERM, SIGKILL) and exit code, as `subprocess.Popen`
gives. `QORGAU_TEST_FRESH_PROCESS=1` starts every bot as a new interpreter instead.

The spawner is single-threaded (a fork copies only the thread that calls it) and imports but
never runs anything; it reads one JSON request a line on stdin and answers one a line on
stdout:
    {"op": "spawn", "argv": [...], "env": {...}, "cwd": "...", "stdout": "...", "stderr": "...",
     "stdin": "..." (optional; else /dev/null)} → {"pid": N}
    {"op": "poll", "pid": N} → {"returncode": int | null}   (negative: killed by that signal)
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import pkgutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any

REPO_ROOT = Path(__file__).resolve().parents[1]
WARM_PACKAGES = ("bot", "dialogs", "storage", "texts")


# -- the spawner process --------------------------------------------------------------------
def _warm_up() -> None:
    """Import everything a bot imports (the engines of the scale path too)."""
    for name in WARM_PACKAGES:
        package = importlib.import_module(name)
        for module in pkgutil.walk_packages(package.__path__, f"{name}."):
            if module.name.endswith("__main__"):
                continue
            importlib.import_module(module.name)
    for extra in ("asyncpg", "redis.asyncio", "aiohttp.web", "sandbox.fakeapi"):
        importlib.import_module(extra)


def _child(request: dict[str, Any], channel: tuple[int, int]) -> None:
    """In the fork: become `python -m bot <argv>` with the request's environment and files."""
    try:
        for fd in channel:
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        stdin = os.open(request.get("stdin") or os.devnull, os.O_RDONLY)
        out = os.open(request["stdout"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        err = os.open(request["stderr"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        for source, target in ((stdin, 0), (out, 1), (err, 2)):
            os.dup2(source, target)
            os.close(source)
        # Unbuffered, as PYTHONUNBUFFERED gives a new interpreter: logs reach the files even
        # if the bot is killed.
        sys.stdout = open(1, "w", buffering=1, closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", buffering=1, closefd=False)  # noqa: SIM115
        sys.argv = ["-m", *request["argv"]]
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGCHLD):
            signal.signal(sig, signal.SIG_DFL if sig != signal.SIGINT
                          else signal.default_int_handler)
        from bot.cli import main

        code = main(request["argv"])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # printed like an uncaught exception, then exit 1
        import traceback

        traceback.print_exc()
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # nothing left to tell
            stream.flush()
    os._exit(code)


def _serve() -> None:
    channel_in, channel_out = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    requests = os.fdopen(channel_in, "r")
    answers = os.fdopen(channel_out, "w", buffering=1)
    _warm_up()
    answers.write(json.dumps({"ready": True}) + "\n")
    finished: dict[int, int] = {}
    for line in requests:
        request = json.loads(line)
        if request["op"] == "spawn":
            pid = os.fork()
            if pid == 0:
                _child(request, (channel_in, channel_out))
            answers.write(json.dumps({"pid": pid}) + "\n")
        elif request["op"] == "poll":
            pid = request["pid"]
            if pid not in finished:
                try:
                    done, status = os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    done, status = pid, 0
                if done:
                    finished[pid] = os.waitstatus_to_exitcode(status)
            answers.write(json.dumps({"returncode": finished.get(pid)}) + "\n")


# -- the tests' side ------------------------------------------------------------------------
class Spawner:
    """The one spawner of this test run, started on first use."""

    _instance: Spawner | None = None
    _instance_lock = threading.Lock()

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}
        self._proc = subprocess.Popen([sys.executable, "-m", "tests.spawner"], cwd=REPO_ROOT,
                                      env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      text=True, bufsize=1)
        self._lock = threading.Lock()
        ready = self._read()
        if not ready.get("ready"):
            raise RuntimeError(f"the bot spawner did not start: {ready}")

    @classmethod
    def get(cls) -> Spawner:
        with cls._instance_lock:
            if cls._instance is None or cls._instance._proc.poll() is not None:
                cls._instance = cls()
            return cls._instance

    @classmethod
    def shutdown(cls) -> None:
        with cls._instance_lock:
            if cls._instance is not None:
                proc = cls._instance._proc
                assert proc.stdin is not None
                proc.stdin.close()
                try:  # a loaded machine (both suites at once) took more than 10 s here once
                    proc.wait(60)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(10)
                cls._instance = None

    def _read(self) -> dict[str, Any]:
        stdout: IO[str] | None = self._proc.stdout
        assert stdout is not None
        line = stdout.readline()
        if not line:
            raise RuntimeError("the bot spawner exited")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            assert self._proc.stdin is not None
            self._proc.stdin.write(json.dumps(request) + "\n")
            self._proc.stdin.flush()
            return self._read()

    def spawn(self, argv: list[str], env: dict[str, str], cwd: Path, stdout: Path,
              stderr: Path, stdin: Path | None = None) -> ForkedProcess:
        answer = self.ask({"op": "spawn", "argv": argv, "env": env, "cwd": str(cwd),
                           "stdout": str(stdout), "stderr": str(stderr),
                           "stdin": str(stdin) if stdin else None})
        return ForkedProcess(self, int(answer["pid"]))


    def run(self, argv: list[str], env: dict[str, str], cwd: Path, timeout: float,
            input: str = "") -> subprocess.CompletedProcess[str]:
        """Like `subprocess.run(..., input=input, capture_output=True, text=True)` for
        `python -m bot`: standard input is `input`, then closed."""
        with tempfile.TemporaryDirectory(prefix="qorgau-run-") as folder:
            out, err = Path(folder) / "stdout", Path(folder) / "stderr"
            given = Path(folder) / "stdin"
            given.write_text(input)
            process = self.spawn(argv, env, cwd, out, err, given)
            try:
                code = process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
                raise
            return subprocess.CompletedProcess(
                [sys.executable, "-m", "bot", *argv], code,
                out.read_text(errors="replace") if out.exists() else "",
                err.read_text(errors="replace") if err.exists() else "")


class ForkedProcess:
    """What the harness uses of `subprocess.Popen`, for a bot forked by the spawner."""

    def __init__(self, spawner: Spawner, pid: int) -> None:
        self._spawner = spawner
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self._spawner.ask({"op": "poll", "pid": self.pid})["returncode"]
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while (code := self.poll()) is None:
            if deadline is not None and time.monotonic() >= deadline:
                raise subprocess.TimeoutExpired(f"bot pid {self.pid}", timeout or 0)
            time.sleep(0.01)
        return code

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, sig)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def fresh_processes() -> bool:
    return os.environ.get("QORGAU_TEST_FRESH_PROCESS", "") not in ("", "0")


if __name__ == "__main__":
    _serve()
