"""The journal's PIN: a slow keyed hash (scrypt, salted, sealed with the data key), wrong tries
counted, a lock after too many; erased with the journal or by /forget. The rules (lengths,
tries, how long a lock lasts) are dialogs.journal_lock."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

from dialogs.journal_lock import LOCK_SECONDS, TRIES
from storage import unit as uow
from storage.engine import Database, now

# scrypt's cost: ~50 ms and 16 MB a try here, in a thread; with the seal, a copy of the
# database alone tries no PIN at all
_N, _R, _P = 2**14, 8, 1


def _hash(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)


@dataclass(frozen=True)
class LockState:
    set: bool
    locked_until: int = 0  # seconds since the epoch; 0: not locked
    tries_left: int = TRIES


class JournalLocksRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _person(self, user_id: int) -> int:
        return self.db.sealer.keyed_id(user_id)

    async def state(self, user_id: int) -> LockState:
        await uow.read_your_writes()
        row = await self.db.fetchone("SELECT tries, locked_until FROM journal_locks"
                                     " WHERE user_id = ?", (self._person(user_id),))
        if row is None:
            return LockState(False)
        until = int(row[1]) if int(row[1]) > now() else 0
        return LockState(True, until, TRIES - int(row[0]) if not until else 0)

    async def set_pin(self, user_id: int, pin: str) -> None:
        salt = secrets.token_bytes(16)
        digest = await asyncio.to_thread(_hash, pin, salt)
        secret = self.db.sealer.seal(json.dumps({"s": salt.hex(), "h": digest.hex()}))
        await uow.write(self.db, "INSERT INTO journal_locks (user_id, secret, tries, locked_until)"
                        " VALUES (?, ?, 0, 0) ON CONFLICT (user_id) DO UPDATE SET"
                        " secret = excluded.secret, tries = 0, locked_until = 0",
                        (self._person(user_id), secret))

    async def check(self, user_id: int, pin: str) -> LockState | None:
        """None when the PIN is right (the wrong tries are forgotten); else the state after
        this try: tries left, or locked until when."""
        await uow.read_your_writes()
        person = self._person(user_id)
        row = await self.db.fetchone("SELECT secret, tries, locked_until FROM journal_locks"
                                     " WHERE user_id = ?", (person,))
        if row is None:
            return None
        if int(row[2]) > now():
            return LockState(True, int(row[2]), 0)
        secret = json.loads(self.db.sealer.open(row[0]))
        digest = await asyncio.to_thread(_hash, pin, bytes.fromhex(secret["s"]))
        if hmac.compare_digest(digest, bytes.fromhex(secret["h"])):
            if int(row[1]):
                await uow.write(self.db, "UPDATE journal_locks SET tries = 0 WHERE user_id = ?",
                                (person,))
            return None
        tries = int(row[1]) + 1
        until = now() + LOCK_SECONDS if tries >= TRIES else 0
        await uow.write(self.db, "UPDATE journal_locks SET tries = ?, locked_until = ?"
                        " WHERE user_id = ?", (0 if until else tries, until, person))
        return LockState(True, until, 0 if until else TRIES - tries)

    async def forget(self, user_id: int) -> None:
        await uow.write(self.db, "DELETE FROM journal_locks WHERE user_id = ?",
                        (self._person(user_id),))
