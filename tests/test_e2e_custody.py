"""The data key kept away from the data (issue #24), as an operator meets it with the real
`qorgau run`: a first start puts the key in the user's config folder and the database in a
folder only this user can enter; a key beside the database, or a database whose key is missing,
stops start-up with one line and nothing written; the default install runs without the extras.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

from sandbox.fakeapi import ThreadedServer
from storage.crypto import new_key
from tests.harness import Person, run_qorgau, spawn_qorgau
from tests.screens import plain
from tests.test_settings import SETTING_NAMES

PERSON = 700_951


def environment(config: Path, **env: str) -> dict[str, str]:
    """As on a fresh machine: no settings but these, the user's config folder at `config`."""
    clean = {k: v for k, v in os.environ.items() if k not in SETTING_NAMES}
    clean.update(env, XDG_CONFIG_HOME=str(config), PYTHONUNBUFFERED="1")
    return clean


def fresh(cwd: Path, *, config: Path, prelude: str = "", **env: str) -> subprocess.Popen[str]:
    """`qorgau run` in a new interpreter (`prelude`: Python run first in it), for what a fork
    of the pre-imported spawner cannot show: the cost of the imports, what is importable."""
    code = f"{prelude}\nfrom bot.cli import main\nraise SystemExit(main(['run']))"
    return subprocess.Popen([sys.executable, "-c", code], cwd=cwd, text=True,
                            env=environment(config, **env), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def refused(cwd: Path, config: Path, api: ThreadedServer, **env: str) -> str:
    """The one line a start that must not go on prints (exit 2, no traceback)."""
    result = run_qorgau(cwd, environment(config, BOT_TOKEN=api.tg.token,
                                         TELEGRAM_API_URL=api.url, **env))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def snapshot(*folders: Path) -> dict[Path, tuple[int, int]]:
    """Every file under the folders with its size and modification time."""
    return {p: (p.stat().st_size, p.stat().st_mtime_ns) for folder in folders
            for p in folder.rglob("*") if p.is_file()}


def greets(api: ThreadedServer, locale: str) -> None:
    person = Person(api.tg, PERSON, locale)
    api.tg.wait_for(lambda: api.tg.calls_to("getUpdates"), timeout=60)
    person.send("/start")
    assert person.screen is not None
    assert person.screen.text == plain(locale, "start-greeting")


def first_start(cwd: Path, config: Path, api: ThreadedServer) -> None:
    """A start that greets someone, then stops cleanly."""
    env = environment(config, BOT_TOKEN=api.tg.token, TELEGRAM_API_URL=api.url)
    logs = cwd.parent / f"{cwd.name}.stderr"
    proc = spawn_qorgau(cwd, env, logs)
    try:
        greets(api, "kk")
    finally:
        proc.terminate()
        proc.wait(60)
    assert "Traceback" not in logs.read_text(), logs.read_text()


def test_a_first_start_keeps_the_key_in_the_config_folder_and_the_data_private(
        api: ThreadedServer, tmp_path: Path) -> None:
    config = tmp_path / "home" / ".config"
    first_start(tmp_path, config, api)
    key = config / "qorgau" / "data.key"
    assert key.stat().st_mode & 0o777 == 0o600
    assert key.parent.stat().st_mode & 0o777 == 0o700
    data = tmp_path / "data"
    assert data.stat().st_mode & 0o777 == 0o700
    stored = sorted(p.name for p in data.iterdir())
    assert "qorgau.db" in stored and not [n for n in stored if "key" in n]
    for path in data.iterdir():  # the database and its -wal and -shm files
        assert path.stat().st_mode & 0o777 == 0o600, path


def test_a_key_beside_the_database_is_refused_with_the_command_that_moves_it(
        api: ThreadedServer, tmp_path: Path) -> None:
    config = tmp_path / "config"
    first_start(tmp_path, config, api)
    key = config / "qorgau" / "data.key"
    legacy = tmp_path / "data" / "qorgau.key"
    key.rename(legacy)  # where versions before #24 kept it
    before = snapshot(tmp_path)
    line = refused(tmp_path, config, api)
    assert "beside the database" in line and f"mv {legacy} {key}" in line
    assert snapshot(tmp_path) == before  # nothing written, no new key made

    legacy.rename(key)  # moved as told: the bot starts and reads what it stored
    first_start(tmp_path, config, api)

    legacy.write_text(key.read_text())  # a stale copy left behind while the key in use is elsewhere
    line = refused(tmp_path, config, api)
    assert "old copy" in line and f"rm {legacy}" in line
    legacy.unlink()

    inside = tmp_path / "data" / "keys" / "k"
    line = refused(tmp_path, config, api, DATA_KEY_FILE=str(inside))
    assert "DATA_KEY_FILE" in line and "inside the database's folder" in line
    assert not inside.parent.exists()


def test_a_missing_key_for_an_existing_database_writes_nothing(api: ThreadedServer,
                                                               tmp_path: Path) -> None:
    config = tmp_path / "config"
    first_start(tmp_path, config, api)
    (config / "qorgau" / "data.key").unlink()  # lost, or the folder moved to another user
    before = snapshot(tmp_path)
    line = refused(tmp_path, config, api)
    assert "no data key for the existing database" in line
    assert str(config / "qorgau" / "data.key") in line
    assert snapshot(tmp_path) == before  # no new key, the database untouched

    line = refused(tmp_path, config, api, DATA_KEY=new_key())  # another key: refused too
    assert "does not open the database" in line


def test_a_missing_token_is_told_in_well_under_a_second_of_cpu(tmp_path: Path) -> None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = fresh(tmp_path, config=tmp_path / "config")
    _, err = proc.communicate(timeout=60)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert proc.returncode == 2 and "BOT_TOKEN" in err and len(err.strip().splitlines()) == 1
    assert cpu < 1.0, f"{cpu:.2f} s of CPU"  # the settings are read before aiogram is imported
    assert list(tmp_path.iterdir()) == []


# What the `scale` extra brings: the default install has none of it.
WITHOUT_EXTRAS = "import sys\nfor name in ('asyncpg', 'redis'):\n    sys.modules[name] = None"


def test_the_default_install_runs_without_the_scale_extra(api: ThreadedServer,
                                                          tmp_path: Path) -> None:
    proc = fresh(tmp_path, config=tmp_path / "config", prelude=WITHOUT_EXTRAS,
                 BOT_TOKEN=api.tg.token, TELEGRAM_API_URL=api.url)
    try:
        greets(api, "ru")
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=60)
    assert "Traceback" not in err, err
