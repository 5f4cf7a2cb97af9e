"""Where the data key lives, checked before anything is opened.

Whoever holds both the database and the key can read everything people wrote, so the two are
never kept together: a copy of the database's folder (a backup, a Docker volume, a stolen disk
image) must not carry the key. The rules, each stopping start-up with one line and nothing
written:

- The key file is never inside the SQLite database's folder (DATA_KEY_FILE pointing there is
  refused; the default is the user's config folder, bot.settings.default_key_file).
- A key left beside the database by an earlier version (`qorgau.key`) is refused, with the
  command that moves it. Refused rather than warned about: the data stays intact, and a start
  that carries on would go on exposing everything in every copy of that folder; moving it takes
  one command.
- A missing key with an existing database is not replaced by a new one (that would make the
  database unreadable for good); the line says where the key was looked for.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from bot.settings import Settings
from storage.crypto import DataKeyError, Sealer, read_key

LEGACY_KEY_NAME = "qorgau.key"  # where versions before #24 put the key: beside the database


def data_folder(settings: Settings) -> Path | None:
    """The folder the SQLite database lives in (None with PostgreSQL: nothing local)."""
    return None if settings.postgres else settings.sqlite_path.resolve().parent


def check_custody(settings: Settings) -> None:
    """Refuse a key kept with the data (see the module's docstring)."""
    folder = data_folder(settings)
    if folder is None:
        return
    key_file = settings.key_file
    if settings.data_key is None and key_file.resolve().is_relative_to(folder):
        raise DataKeyError(f"DATA_KEY_FILE {key_file} is inside the database's folder {folder}:"
                           " a copy of that folder would open everything; keep the key in"
                           " another place (README, \"The data key\")")
    legacy = folder / LEGACY_KEY_NAME
    if not legacy.exists():
        return
    if settings.data_key is not None or key_file.exists():
        raise DataKeyError(f"an old copy of the data key lies beside the database ({legacy}):"
                           f" the key in use is elsewhere, so delete it: rm {_q(legacy)}")
    raise DataKeyError(f"the data key lies beside the database ({legacy}), so a copy of that "
                       f"folder opens everything; move it: mkdir -p -m 700 {_q(key_file.parent)}"
                       f" && mv {_q(legacy)} {_q(key_file)}  (or set DATA_KEY_FILE elsewhere)")


def configured_key(settings: Settings) -> str | None:
    """DATA_KEY, or the key in the key file; None when there is neither (a first start)."""
    return settings.data_key.get_secret_value() if settings.data_key else \
        read_key(settings.key_file)


def missing_key(settings: Settings) -> DataKeyError:
    """The one line for a database that exists while its key cannot be found."""
    return DataKeyError(f"no data key for the existing database: {settings.key_file} does not"
                        " exist; restore the key the database was written with there, or set"
                        " DATA_KEY_FILE (or DATA_KEY) to it. Nothing was written")


def sealer_for(settings: Settings) -> Sealer:
    """The deployment's data key, which must exist (`rekey`)."""
    key = configured_key(settings)
    if key is None:
        raise missing_key(settings)
    return sealer_with(settings, key)


def sealer_with(settings: Settings, key: str) -> Sealer:
    return Sealer(key, [k.get_secret_value() for k in settings.data_keys_old])


def _q(path: Path) -> str:
    return shlex.quote(str(path))
