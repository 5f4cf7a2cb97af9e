"""Dependencies a test can take away from the real bot process and give back: a private
PostgreSQL cluster, a private Redis, and a small disk. Each is this test's own (its own port
or mount), so stopping it disturbs nobody else."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.harness import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _as_postgres(args: list[str]) -> list[str]:
    """initdb and pg_ctl refuse to run as root: run them as the postgres user then."""
    if os.geteuid() != 0:
        return args
    runuser = shutil.which("runuser")
    if runuser is None:
        pytest.skip("running as root without runuser: cannot run initdb as another user")
    return [runuser, "-u", "postgres", "--", *args]


def _run(args: list[str], timeout: float = 60) -> None:
    done = subprocess.run(args, capture_output=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{args[-3:]} failed: {done.stderr.decode(errors='replace')}")


class PrivatePostgres:
    """A cluster in a temporary folder, on a free port, trusting local connections."""

    def __init__(self) -> None:
        if not (PG_BIN / "initdb").exists():
            pytest.skip(f"no PostgreSQL binaries in {PG_BIN}")
        self.root = Path(tempfile.mkdtemp(prefix="qorgau-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        _run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust",
                           "-U", "postgres", "--no-sync"]))

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        _run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options,
                           "-l", str(self.root / "server.log"), "-w", "start"]))

    def stop(self) -> None:
        _run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w",
                           "stop"]))

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


class PrivateRedis:
    """redis-server on a free port, without persistence (as compose runs it by default)."""

    def __init__(self) -> None:
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            pytest.skip("no redis-server")
        self.port = free_port()
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        assert self.binary is not None
        self._proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True,
                             check=False).stdout.strip() != b"PONG":
            if time.monotonic() > deadline:
                raise TimeoutError("redis-server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait(10)
            self._proc = None


class SmallDisk:
    """A tmpfs of a few megabytes: fill() takes its last free byte, empty() gives it back."""

    def __init__(self, size_mb: int = 16) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="qorgau-disk-"))
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs",
                               str(self.root)], capture_output=True, check=False)
        if done.returncode != 0:
            self.root.rmdir()
            pytest.skip("mounting a small tmpfs is not permitted here")
        self.filler = self.root / "filler"

    def fill(self) -> None:
        with self.filler.open("ab", buffering=0) as out:
            for chunk in (65536, 1):  # then the last few bytes too
                try:
                    while True:
                        out.write(b"\0" * chunk)
                except OSError:  # ENOSPC: the disk is full
                    pass

    def empty(self) -> None:
        self.filler.unlink(missing_ok=True)

    def remove(self) -> None:
        subprocess.run(["umount", "-l", str(self.root)], capture_output=True, check=False)
        shutil.rmtree(self.root, ignore_errors=True)
