"""The journal's PIN (issue #26): what a PIN may be, how many wrong tries lock it and for how
long, and how long the journal stays open once the PIN was given.

Anyone holding the unlocked phone could otherwise open the journal, the safety plan or
/mydata; the PIN covers all three once set. It cannot be recovered: the way out of a
forgotten PIN is erasing the journal (and the PIN with it)."""

from __future__ import annotations

from enum import StrEnum

PIN_MIN, PIN_MAX = 4, 8
TRIES = 5  # wrong PINs in a row before a lock
LOCK_SECONDS = 15 * 60
OPEN_SECONDS = 10 * 60  # open since the last action behind the PIN; a quick exit closes it


class PinProblem(StrEnum):
    SHORT = "short"
    MISMATCH = "mismatch"  # the second entry of a new PIN differs from the first


def typed_digit(entered: str, key: str) -> str:
    """The PIN entered so far after a key of the pad: a digit (up to PIN_MAX), or "b" to
    take the last one back; anything else changes nothing."""
    if key == "b":
        return entered[:-1]
    if len(key) == 1 and key.isdigit() and len(entered) < PIN_MAX:
        return entered + key
    return entered


def pin_problem(pin: str) -> PinProblem | None:
    return PinProblem.SHORT if len(pin) < PIN_MIN else None


def open_now(open_until: object, at: float) -> bool:
    return isinstance(open_until, int | float) and at < open_until
