"""What a person is on Telegram and what they typed, looked for in the bot's logs.

Run after every end-to-end test (tests/conftest.py), so floods, 429s, kills, restarts and
injected garbled answers are all covered: no id, first or last name, username, phone number
(in any spelling: spaces, dashes, brackets) or typed text may appear in any log line. A value a
log call was not allowed to print ("‹withheld …›", bot/pipeline/logs.py) fails it too: that
call must pass an allowed kind (dialogs/loggable.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from dialogs.loggable import WITHHELD
from sandbox.fakeapi import FakeTelegram

MIN_TEXT = 8  # shorter texts ("да", "1") are too common to tell anything
MIN_NAME = 4  # a name like "S" or "Li" cannot be searched for
MIN_PHONE_DIGITS = 7
DEFAULT_NAMES = {"Test", "P"}  # the stand-in's placeholder names, not anyone's
# A Kazakh number as people type it (+7 701 234 56 78, 8-701-234-5678); not a date or a time
PHONE = re.compile(r"(?<![\d:])(?:\+7|7|8)(?:[\s\-()]*\d){10}(?![\d:])")
SEPARATORS = r"[\s\-()]*"


def distinctive_username(user_id: int) -> str:
    """A username for a test person that a log search can find and no id contains: the id
    written with letters (700001 → "aigerim_bnvnd")."""
    letters, number = "", user_id
    while True:
        number, digit = divmod(number, 26)
        letters = chr(ord("a") + digit) + letters
        if not number:
            return f"aigerim_{letters}"


@dataclass
class Personal:
    ids: set[int] = field(default_factory=set)
    words: set[str] = field(default_factory=set)  # names, usernames, texts
    phones: set[str] = field(default_factory=set)  # their last ten digits

    def add_name(self, value: object) -> None:
        if isinstance(value, str) and len(value) >= MIN_NAME and value not in DEFAULT_NAMES:
            self.words.add(value)

    def add_text(self, text: str) -> None:
        if len(text) >= MIN_TEXT and not text.startswith("/"):
            self.words.add(text)
        for match in PHONE.finditer(text):
            self.add_phone(match.group(0))

    def add_phone(self, value: object) -> None:
        """Kept as its last ten digits: +7 701… and 8 701… are the same number."""
        digits = re.sub(r"\D", "", str(value or ""))
        if len(digits) >= MIN_PHONE_DIGITS:
            self.phones.add(digits[-10:])


def personal_strings(tg: FakeTelegram) -> Personal:
    """The ids of everyone in the stand-in's world, their names, usernames, the texts they
    sent and the phone numbers in them or in contacts they shared."""
    world = tg._w  # the tests' own stand-in: reading its state directly is fine here
    found = Personal()
    for user in list(world.users.values()):
        found.ids.add(user.user_id)
        for value in (user.first_name, user.last_name, user.username):
            found.add_name(value)
    for chat_id in list(world.chats):
        for msg in tg.history(chat_id, include_deleted=True):
            if msg.from_bot:
                continue
            found.add_text(msg.text)
            contact = msg.payload.get("contact") or {}
            found.add_phone(contact.get("phone_number"))
            for key in ("first_name", "last_name"):
                found.add_name(contact.get(key))
    return found


def find(logs: str, ids: Iterable[int] = (), words: Iterable[str] = (),
         phones: Iterable[str] = ()) -> list[str]:
    """Where `logs` names someone: each id (whole numbers only), word, and phone number in any
    spelling; and each value a log call was not allowed to print."""
    found = []
    long_ids = "|".join(str(i) for i in ids if abs(i) >= 10_000)
    if long_ids:
        pattern = re.compile(rf"(?<!\d)(?:{long_ids})(?!\d)")
        found += [f"id {m.group(0)}" for m in pattern.finditer(logs)]
    found += [f"text {w[:20]!r}" for w in words if w in logs]
    for digits in phones:
        if re.search(SEPARATORS.join(digits) + r"(?!\d)", logs):
            found.append(f"phone {digits[:4]}…")
    found += [f"a value withheld: {line.strip()[:120]!r}" for line in logs.splitlines()
              if WITHHELD in line]
    return found


def leaks(logs: str, tg: FakeTelegram) -> list[str]:
    person = personal_strings(tg)
    return find(logs, person.ids, person.words, person.phones)
