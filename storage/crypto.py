"""Encryption at rest for what people wrote, and the keyed hash that stands for ids in logs.

Fernet from `cryptography` (AES-128-CBC with HMAC-SHA256, a random IV per value): a well-kept
recipe, no home-made crypto. MultiFernet reads values sealed with an earlier key while
`python -m bot rekey` re-seals them with the current one.

Sealed values are url-safe base64 text starting with "gAAAAA" (Fernet's version byte and
timestamp). A value without that prefix was stored before encryption existed and is read as it
is; `rekey` seals it.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import logging
import os
from collections.abc import Sequence
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

log = logging.getLogger(__name__)
SEALED_PREFIX = "gAAAAA"
KEYED_ID_BASE = 1 << 62  # keyed ids are in [2**62, 2**63): storage.ids tells them from ids


_process_sealer: Sealer | None = None


class DataKeyError(Exception):
    """The data key cannot be read, created or used; the message is one line for the operator."""


class Sealer:
    def __init__(self, key: str, old_keys: Sequence[str] = ()) -> None:
        self._current = Fernet(key)
        self._all = MultiFernet([self._current, *(Fernet(k) for k in old_keys)])
        # A separate key for log hashes, derived so that a log line never helps with the data.
        raw = base64.urlsafe_b64decode(key.encode("ascii"))
        self._raw = raw
        self._hash_key = self.derived(b"qorgau log ids")
        self._name_key = self.first_id_key()
        self._id_key: bytes | None = None  # the database's id key: `with_id_key`

    def derived(self, purpose: bytes) -> bytes:
        """A key of its own for one purpose (log hashes, Redis key names), from the data key."""
        return hmac.new(self._raw, purpose, hashlib.sha256).digest()

    def first_id_key(self) -> bytes:
        """The id key a database gets on first start (storage.ids): derived from the data key
        as Redis key names always were, so Redis dialogs outlive the upgrade; stored sealed,
        so they outlive a `rekey` too."""
        return self.derived(b"qorgau redis key names")

    def with_id_key(self, id_key: bytes) -> Sealer:
        """This sealer, naming people by the database's id key (storage.ids): stored ids and
        Redis key names stay the same when the data key changes."""
        other = copy.copy(self)
        other._name_key = id_key
        other._id_key = hmac.new(id_key, b"qorgau person ids", hashlib.sha256).digest()
        return other

    def keyed_id(self, chat_or_user_id: int) -> int:
        """What the database stores in place of a person's (or a private chat's) id: a keyed
        hash, 62 bits with bit 62 set (so never a Telegram id, which fits 52 bits). Groups'
        ids (negative) are kept as they are: the rate limits and "the chat moved" need them."""
        if chat_or_user_id <= 0:
            return chat_or_user_id
        if self._id_key is None:
            raise RuntimeError("the database's id key is not loaded (Database.connect)")
        digest = hmac.digest(self._id_key, str(chat_or_user_id).encode(), "sha256")  # C, ~3 µs
        return KEYED_ID_BASE | (int.from_bytes(digest[:8], "big") & (KEYED_ID_BASE - 1))

    def seal_id(self, chat_id: int) -> str:
        """A chat id the bot must send to later (a case's person, a subscriber), sealed."""
        return self.seal(str(chat_id))

    def open_id(self, value: str) -> int:
        return int(self.open(value))

    @classmethod
    def ephemeral(cls) -> Sealer:
        """A random key for this process only: tests and benchmarks whose data dies with it."""
        global _process_sealer
        if _process_sealer is None:
            _process_sealer = cls(new_key())
        return _process_sealer

    def seal(self, text: str) -> str:
        return self._current.encrypt(text.encode("utf-8")).decode("ascii")

    def open(self, value: str) -> str:
        if not is_sealed(value):
            return value  # stored before encryption; `rekey` seals it
        try:
            return self._all.decrypt(value.encode("ascii")).decode("utf-8")
        except InvalidToken:
            raise DataKeyError("a stored value cannot be decrypted with DATA_KEY or DATA_KEYS_OLD: "
                            "is this the key the database was written with?") from None

    def seal_bytes(self, data: bytes) -> str:
        """A file's contents (a journal's attachment), sealed as text like every value."""
        return self._current.encrypt(data).decode("ascii")

    def open_bytes(self, value: str) -> bytes:
        try:
            return self._all.decrypt(value.encode("ascii"))
        except InvalidToken:
            raise DataKeyError("a stored file cannot be decrypted with DATA_KEY or "
                               "DATA_KEYS_OLD") from None

    def reseal(self, value: str) -> str:
        """The value sealed with the current key (plain values are sealed for the first time).
        Sealed values are re-encrypted as they are, so a file's bytes go through unchanged."""
        if not is_sealed(value):
            return self.seal(value)
        try:
            return self._all.rotate(value.encode("ascii")).decode("ascii")
        except InvalidToken:
            raise DataKeyError("a stored value cannot be decrypted with DATA_KEY or DATA_KEYS_OLD: "
                            "is this the key the database was written with?") from None

    def name_for(self, value: int | str) -> str:
        """A keyed hash to name something of a person's in a shared store (Redis), in place of
        their id: 128 bits, so two people never share a name."""
        return hmac.new(self._name_key, str(value).encode(), hashlib.sha256).hexdigest()[:32]

    def pseudonym(self, value: int | str) -> str:
        """A keyed hash for logs: the same id gives the same token, nobody can go back."""
        digest = hmac.new(self._hash_key, str(value).encode(), hashlib.sha256).hexdigest()
        return f"#{digest[:10]}"


def is_sealed(value: str) -> bool:
    return value.startswith(SEALED_PREFIX)


def load_or_create_key(path: Path) -> str:
    """The key in `path`, or a new one written there at once (tests and tools; the bot itself
    writes a new key only once its database has opened: `read_key` and `write_key`)."""
    key = read_key(path)
    if key is None:
        key = new_key()
        write_key(path, key)
    return key


def read_key(path: Path) -> str | None:
    """The key in `path`; None when there is no such file."""
    try:
        key = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataKeyError(f"cannot read the data key file {path}: {exc}") from None
    try:
        Fernet(key)
    except ValueError:
        raise DataKeyError(f"the data key file {path} does not hold a key "
                           "(32 bytes in url-safe base64)") from None
    return key


def write_key(path: Path, key: str) -> None:
    """Write a new key to `path`, readable only by this user, in a folder only this user can
    enter if it makes one (one log line says so: the operator should keep a copy offline)."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(key + "\n")
    except FileExistsError:  # another process's first start, at the same moment
        raise DataKeyError(f"the data key file {path} was created by another process "
                           "meanwhile: start again") from None
    except OSError as exc:
        raise DataKeyError(f"cannot create the data key file {path}: {exc.strerror}") from None
    log.warning("created a new data key in %s (readable only by this user); keep a copy "
                "offline, away from the database: without it nothing stored can be read", path)


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")
