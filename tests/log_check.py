"""What a person is on Telegram and what they typed, looked for in the bot's logs.

Run after every end-to-end test (tests/conftest.py), so floods, 429s, kills and restarts are
all covered: no id, name, username or typed text may appear in any log line.
"""

from __future__ import annotations

import re

from sandbox.fakeapi import FakeTelegram

MIN_TEXT = 8  # shorter texts ("да", "1") are too common to tell anything
DEFAULT_NAMES = {"Test", "P"}


def personal_strings(tg: FakeTelegram) -> tuple[set[int], set[str]]:
    """The ids of everyone in the stand-in's world, and their names, usernames and texts."""
    world = tg._w  # the tests' own stand-in: reading its state directly is fine here
    ids, words = set(), set()
    for user in list(world.users.values()):
        ids.add(user.user_id)
        for value in (user.first_name, getattr(user, "last_name", None), user.username):
            if value and len(value) >= 4 and value not in DEFAULT_NAMES:
                words.add(value)
    for chat_id in list(world.chats):
        for msg in tg.history(chat_id, include_deleted=True):
            if not msg.from_bot and len(msg.text) >= MIN_TEXT and not msg.text.startswith("/"):
                words.add(msg.text)
    return ids, words


def leaks(logs: str, tg: FakeTelegram) -> list[str]:
    ids, words = personal_strings(tg)
    found = []
    long_ids = "|".join(str(i) for i in ids if i >= 10_000)
    if long_ids:
        pattern = re.compile(rf"(?<!\d)(?:{long_ids})(?!\d)")
        found += [f"id {m.group(0)}" for m in pattern.finditer(logs)]
    found += [f"text {w[:20]!r}" for w in words if w in logs]
    return found
