"""The evidence journal end to end (issue #26), with the real bot process against the stand-in
Bot API: an entry written step by step on one screen edited in place, each typed answer
deleted from the chat once taken, nothing stored before Save, then sealed in the database
file with a receipt whose fingerprint is the SHA-256 of what was stored; listed, opened,
changed (a new receipt), deleted; a draft gone after a quick exit; another person's or a
forged press gets nothing; /mydata counts the entries and /forget erases them."""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import time
import zipfile
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import pyzipper

from dialogs.clock import ALMATY
from dialogs.journal import Entry, fingerprint
from sandbox.fakeapi import ThreadedServer
from tests.fixtures import real_bot
from tests.harness import BotProcess, Person
from tests.screens import label, plain

_ids = itertools.count(7_951_000_001)
WHAT = "Күйеуім <b>айқайлап</b>, телефонымды сындырды & есікті құлыптады"
INJURIES = "Сол қолымда көгерген із"
SECRETS = ("Күйеуім", "айқайлап", "телефонымды", "көгерген")

api, bot = real_bot("journal")


@pytest.fixture
def person(api: ThreadedServer, bot: BotProcess) -> Callable[[str], Person]:
    return lambda locale: Person(api.tg, next(_ids), locale)


# -- helpers ------------------------------------------------------------------------------------
def rows(bot: BotProcess, person: Person) -> list[tuple[int, str, int]]:
    return bot.query("SELECT number, entry, stored_at FROM journal_entries WHERE user_id = ?"
                     " ORDER BY number", (bot.keyed_id(person.user_id),))


def stored(bot: BotProcess, person: Person) -> dict[int, dict[str, Any]]:
    """The entries as the bot stored them, opened with the bot's own key, by number."""
    return {number: {**json.loads(bot.sealer().open(sealed)), "at": at}
            for number, sealed, at in rows(bot, person)}


def wait_stored(bot: BotProcess, person: Person,
                check: Callable[[dict[int, dict[str, Any]]], bool],
                timeout: float = 5.0) -> dict[int, dict[str, Any]]:
    """The commit follows the answer by a moment: wait until the stored entries pass `check`."""
    deadline = time.monotonic() + timeout
    while not check(found := stored(bot, person)):
        assert time.monotonic() < deadline, f"stored: {found!r}"
        time.sleep(0.05)
    return found


def text(person: Person) -> str:
    assert person.screen is not None
    return person.screen.text


def screen_id(person: Person) -> int:
    assert person.screen is not None
    return person.screen.message_id


def deleted(api: ThreadedServer, person: Person, message_id: int) -> bool:
    message = api.tg.message(person.chat_id, message_id)
    return message is not None and message.deleted


def typed(person: Person, words: str) -> int:
    return int(person.send(words)["message_id"])


def open_journal(person: Person, locale: str) -> int:
    person.send("/journal")
    assert plain(locale, "journal-title") in text(person)
    return screen_id(person)


def yesterday() -> date:
    return datetime.now(ALMATY).date() - timedelta(days=1)


def write_entry(api: ThreadedServer, person: Person, locale: str = "kk") -> int:
    """A new entry through every guided step, as a person would; returns the screen's id."""
    screen = open_journal(person, locale)
    person.press(label(locale, "journal-btn-new"))
    assert plain(locale, "journal-q-when") in text(person)
    assert plain(locale, "journal-step", step=1, total=7) in text(person)
    person.press(label(locale, "journal-when-yesterday"))
    day = yesterday().strftime("%d.%m.%Y")
    assert plain(locale, "journal-q-part", day=day) in text(person)
    person.press(label(locale, "journal-part-evening"))
    assert plain(locale, "journal-q-place") in text(person)
    person.press(label(locale, "journal-place-home"))
    assert plain(locale, "journal-q-what") in text(person)
    assert label(locale, "btn-menu") not in person.buttons  # a prompt: 🆘 and 🚪, no menu
    assert label(locale, "btn-exit") in person.buttons
    mine = typed(person, WHAT)
    assert deleted(api, person, mine)
    assert plain(locale, "journal-q-injuries") in text(person)
    mine = typed(person, INJURIES)
    assert deleted(api, person, mine)
    assert plain(locale, "journal-q-witnesses") in text(person)
    person.press(label(locale, "journal-btn-skip"))
    assert plain(locale, "journal-q-media") in text(person)
    person.press(label(locale, "journal-btn-files-done"))
    assert plain(locale, "journal-q-police") in text(person)
    person.press(label(locale, "journal-police-called"))
    whole = text(person)  # the whole draft, not stored yet
    assert plain(locale, "journal-new-title") in whole
    assert plain(locale, "journal-not-saved-yet") in whole
    for shown in (WHAT, INJURIES, plain(locale, "journal-place-home"),
                  plain(locale, "journal-police-called"),
                  plain(locale, "journal-when-part", day=day,
                        part=plain(locale, "journal-part-evening"))):
        assert shown in whole
    assert screen_id(person) == screen  # one screen all along, edited in place
    return screen


# -- writing, sealing, receipts -----------------------------------------------------------------
def test_an_entry_is_written_step_by_step_sealed_and_receipted(
        api: ThreadedServer, bot: BotProcess, person: Callable[[str], Person]) -> None:
    someone = person("kk")
    screen = write_entry(api, someone)
    assert stored(bot, someone) == {}  # nothing before Save
    someone.press(label("kk", "journal-btn-save"))
    found = wait_stored(bot, someone, lambda s: 1 in s)
    entry = found[1]
    expected = Entry.from_data(entry["e"])
    assert expected.what == WHAT and expected.injuries == INJURIES
    assert expected.witnesses is None and expected.when is not None
    assert expected.when.day == yesterday()
    # the receipt: the number, the server's time, the start of the SHA-256 of what was stored
    assert entry["f"] == fingerprint(1, entry["at"], expected)
    time_shown = datetime.fromtimestamp(entry["at"], ALMATY).strftime("%d.%m.%Y %H:%M")
    assert plain("kk", "journal-receipt", number=1, time=time_shown,
                 fingerprint=entry["f"][:8]) in text(someone)
    assert screen_id(someone) == screen
    # only the command is left of what the person sent
    assert [m.text for m in someone.history() if not m.from_bot and not m.deleted] == ["/journal"]

    bot.stop()  # at rest: the files as a backup would copy them
    files = b"".join(path.read_bytes() for suffix in ("", "-wal", "-shm")
                     if (path := bot.data_dir / f"qorgau.db{suffix}").exists())
    for secret in (*SECRETS, entry["f"]):
        assert secret.encode() not in files, f"{secret!r} is readable in the data files"
    bot.start()

    open_journal(someone, "kk")  # after a restart: listed, opened, with the whole fingerprint
    assert plain("kk", "journal-count", count=1) in text(someone)
    someone.press(label("kk", "journal-btn-list", count=1))
    listed = f"№1 · {yesterday().strftime('%d.%m.%Y')} · {plain('kk', 'journal-place-home')}"
    assert listed in someone.buttons
    assert WHAT not in " ".join(someone.buttons)  # the list shows no words
    someone.press(listed)
    view = text(someone)
    assert WHAT in view and INJURIES in view  # as typed: escaped, not taken for formatting
    assert entry["f"] in view


def test_an_entry_changed_gets_a_new_receipt_and_a_deleted_one_is_gone(
        api: ThreadedServer, bot: BotProcess, person: Callable[[str], Person]) -> None:
    someone = person("ru")
    write_entry(api, someone, "ru")
    someone.press(label("ru", "journal-btn-save"))
    first = wait_stored(bot, someone, lambda s: 1 in s)[1]
    someone.press(label("ru", "journal-btn-open", number=1))
    someone.press(label("ru", "journal-btn-edit"))
    assert plain("ru", "journal-edit-title", number=1) in text(someone)
    someone.press(label("ru", "journal-btn-witnesses"), wait=True)
    mine = typed(someone, "Соседка Айжан")
    assert deleted(api, someone, mine)
    assert "Соседка Айжан" in text(someone)  # back on the whole entry, not yet stored
    assert stored(bot, someone)[1]["e"] == first["e"]
    time.sleep(1.1)  # a later second: a new time, so a new fingerprint
    someone.press(label("ru", "journal-btn-save"))
    changed = wait_stored(bot, someone, lambda s: s[1]["e"].get("s") == "Соседка Айжан")[1]
    assert changed["f"] != first["f"] and changed["at"] > first["at"]
    assert changed["f"] == fingerprint(1, changed["at"], Entry.from_data(changed["e"]))
    assert plain("ru", "journal-receipt-edited", number=1,
                 time=datetime.fromtimestamp(changed["at"], ALMATY).strftime("%d.%m.%Y %H:%M"),
                 fingerprint=changed["f"][:8]) in text(someone)

    someone.press(label("ru", "journal-btn-open", number=1))
    someone.press(label("ru", "journal-btn-delete"))
    assert plain("ru", "journal-delete-confirm") in text(someone)
    someone.press(label("ru", "journal-btn-delete-no"))
    assert 1 in stored(bot, someone)  # asked first: nothing deleted
    someone.press(label("ru", "journal-btn-delete"))
    someone.press(label("ru", "journal-btn-delete-yes"))
    assert plain("ru", "journal-deleted") in text(someone)
    wait_stored(bot, someone, lambda s: s == {})


def test_dates_typed_and_answers_that_cannot_be_taken(
        api: ThreadedServer, bot: BotProcess, person: Callable[[str], Person]) -> None:
    someone = person("ru")
    open_journal(someone, "ru")
    someone.press(label("ru", "journal-btn-new"))
    someone.press(label("ru", "journal-when-other-day"))
    for words, problem in (("31.02.2025", "journal-problem-date"),
                           ("01.01.2999", "journal-problem-future"),
                           ("вчера вечером", "journal-problem-date")):
        mine = typed(someone, words)
        assert deleted(api, someone, mine)
        assert plain("ru", problem) in text(someone)
    someone.send_media("sticker")  # not text: asked again, still waiting
    assert plain("ru", "journal-problem-date") in text(someone)
    mine = typed(someone, "14.03.2025")
    assert deleted(api, someone, mine)
    assert plain("ru", "journal-q-part", day="14.03.2025") in text(someone)
    someone.press(label("ru", "journal-part-unknown"))
    someone.press(label("ru", "journal-btn-skip"))  # where
    mine = typed(someone, "я" * 1501)
    assert deleted(api, someone, mine)
    assert plain("ru", "journal-problem-long", limit=1500) in text(someone)
    someone.press(label("ru", "journal-btn-to-draft"))
    assert plain("ru", "journal-when-day", day="14.03.2025") in text(someone)
    someone.press(label("ru", "journal-btn-save"))  # only when: nothing to store
    assert plain("ru", "journal-say-something") in text(someone)
    assert stored(bot, someone) == {}


def test_a_quick_exit_drops_the_unsaved_entry_and_typing_after_it_is_not_taken(
        api: ThreadedServer, bot: BotProcess, person: Callable[[str], Person]) -> None:
    someone = person("kk")
    open_journal(someone, "kk")
    someone.press(label("kk", "journal-btn-new"))
    someone.press(label("kk", "journal-when-now"))
    someone.press(label("kk", "journal-place-home"))
    someone.press(label("kk", "btn-exit"))  # quick exit while the prompt for "what" waits
    assert text(someone) == plain("kk", "exit-neutral")
    mine = typed(someone, "бұл не чат өзі")  # whoever holds the phone now
    assert not deleted(api, someone, mine)
    open_journal(someone, "kk")
    assert label("kk", "journal-btn-continue") not in someone.buttons  # nothing to reopen
    assert plain("kk", "journal-place-home") not in text(someone)
    assert stored(bot, someone) == {}

    someone.press(label("kk", "journal-btn-new"))
    someone.press(label("kk", "journal-btn-skip"))
    someone.press(label("kk", "journal-btn-skip"))
    someone.send("/help")  # the help's answer came after the prompt
    mine = typed(someone, "мен сізге жазайын деп едім")
    assert not deleted(api, someone, mine)  # not taken for the journal's answer
    assert stored(bot, someone) == {}
    assert "Traceback" not in bot.logs()


def test_no_one_else_and_no_forged_press_reaches_an_entry(
        api: ThreadedServer, bot: BotProcess, person: Callable[[str], Person]) -> None:
    owner = person("kk")
    write_entry(api, owner)
    owner.press(label("kk", "journal-btn-save"))
    wait_stored(bot, owner, lambda s: 1 in s)
    other = person("kk")
    screen = open_journal(other, "kk")
    for data in ("jn:e:1", "jn:c:1", "jn:d:1", "jn:y:1", "jn:s:0", "jn:r:0", "jn:e:-1",
                 "jn:e:99999999999999999999", "jn:q", "jn", "jf:z", "jv:p:moon", "jv:c:",
                 "jv:t:t0", "jn:e:abc"):
        other.press_data(data, screen)
        assert WHAT not in text(other), data
        assert all(WHAT not in m.text for m in other.bot_messages()), data
    assert 1 in stored(bot, owner)  # "jn:y:1" from the other person deleted nothing
    assert stored(bot, other) == {}
    assert "Traceback" not in bot.logs()


def test_mydata_counts_the_entries_and_forget_erases_them(
        api: ThreadedServer, bot: BotProcess, person: Callable[[str], Person]) -> None:
    someone = person("kk")
    write_entry(api, someone)
    someone.press(label("kk", "journal-btn-save"))
    wait_stored(bot, someone, lambda s: 1 in s)
    someone.send("/mydata")
    assert plain("kk", "journal-mydata", count=1) in text(someone)
    someone.send("/forget")
    someone.press(label("kk", "btn-erase-yes"))
    wait_stored(bot, someone, lambda s: s == {})
    assert rows(bot, someone) == []


# -- attachments --------------------------------------------------------------------------------
PHOTO = b"\xff\xd8\xff\xe0" + b"EVIDENCE-PHOTO-7f3a" * 20_000  # about 380 kB
VOICE = b"OggS" + b"EVIDENCE-VOICE-91c2" * 3_000


def files(bot: BotProcess, person: Person) -> list[tuple[Any, ...]]:
    return bot.query("SELECT id, entry, kind, state, digest, size FROM journal_files"
                     " WHERE user_id = ? ORDER BY id", (bot.keyed_id(person.user_id),))


def wait_files(bot: BotProcess, person: Person, check: Callable[[list[tuple[Any, ...]]], bool],
               timeout: float = 15.0) -> list[tuple[Any, ...]]:
    deadline = time.monotonic() + timeout
    while not check(found := files(bot, person)):
        assert time.monotonic() < deadline, f"files: {found!r}"
        time.sleep(0.1)
    return found


def test_files_are_taken_deleted_from_the_chat_stored_sealed_and_sent_back_on_request(
        api: ThreadedServer, bot: BotProcess, person: Callable[[str], Person]) -> None:
    someone = person("en")
    someone.send("/start")
    someone.press("English")
    open_journal(someone, "en")
    someone.press(label("en", "journal-btn-new"))
    for _ in range(5):  # when, where, what, injuries, witnesses
        someone.press(label("en", "journal-btn-skip"))
    assert plain("en", "journal-q-media") in text(someone)
    sent = [someone.send_media("photo", caption="The bruise, the next morning", content=PHOTO),
            someone.send_media("voice", content=VOICE),
            someone.send_media("document")]  # a file Telegram will not give (unknown contents)
    assert all(deleted(api, someone, int(m["message_id"])) for m in sent)
    assert plain("en", "journal-files-count", count=3) in text(someone)
    someone.send_media("sticker")  # not a file for the journal: asked again, still waiting
    assert plain("en", "journal-problem-not-media") in text(someone)
    someone.press(label("en", "journal-btn-files-done"))
    someone.press(label("en", "journal-police-not-called"))
    assert "The bruise, the next morning" in text(someone)  # the caption kept with the words
    someone.press(label("en", "journal-btn-save"))
    assert plain("en", "journal-receipt-files", count=3) in text(someone)

    kept = wait_files(bot, someone, lambda f: len(f) == 3 and all(
        row[3] != "pending" for row in f))
    assert [(row[1], row[2], row[3]) for row in kept] == [
        (1, "photo", "stored"), (1, "voice", "stored"), (1, "document", "failed")]
    digests = [bot.sealer().open(row[4]) for row in kept[:2]]
    assert digests == [hashlib.sha256(PHOTO).hexdigest(), hashlib.sha256(VOICE).hexdigest()]
    entry = wait_stored(bot, someone, lambda s: 1 in s)[1]
    assert entry["f"] == fingerprint(1, entry["at"], Entry.from_data(entry["e"]),
                                     tuple(entry["u"]))
    assert len(entry["u"]) == 3

    bot.stop()  # at rest: the files' contents are sealed
    stored_bytes = b"".join(path.read_bytes() for suffix in ("", "-wal", "-shm")
                            if (path := bot.data_dir / f"qorgau.db{suffix}").exists())
    for marker in (b"EVIDENCE-PHOTO", b"EVIDENCE-VOICE", b"The bruise", digests[0].encode()):
        assert marker not in stored_bytes
    bot.start()

    someone.send("/journal")
    someone.press(label("en", "journal-btn-list", count=1))
    someone.press("№1")
    view = text(someone)
    assert digests[0][:8] in view and digests[1][:8] in view
    assert plain("en", "journal-file-failed") in view
    before = len(someone.bot_messages())
    someone.press(label("en", "journal-btn-files-send", count=3))
    api.tg.wait_idle(0.3, 10)
    back = someone.bot_messages()[before:]
    # by Telegram's file id, the one it would not let the bot download too
    assert [m.kind for m in back[:3]] == ["photo", "voice", "document"]
    assert plain("en", "journal-files-sent", count=3) in back[-1].text
    someone.press(label("en", "btn-exit"), message_id=back[-1].message_id)
    api.tg.wait_for(lambda: text(someone) == plain("en", "exit-neutral"), timeout=10)
    assert all(api.tg.message(someone.chat_id, m.message_id).deleted  # type: ignore[union-attr]
               for m in back[:3])  # a quick exit takes them too

    stranger = person("kk")  # another person, a forged press: nothing of it
    screen = open_journal(stranger, "kk")
    before = len(stranger.bot_messages())
    stranger.press_data("jn:f:1", screen)
    assert all(m.kind == "text" for m in stranger.bot_messages()[before:])
    assert "Traceback" not in bot.logs()

    someone.send("/forget")
    someone.press(label("en", "btn-erase-yes"))
    wait_files(bot, someone, lambda f: f == [])


# -- the PIN ------------------------------------------------------------------------------------
def pin(person: Person, digits: str) -> None:
    for digit in digits:
        person.press(digit)
    person.press("✅")


def set_pin(person: Person, locale: str, digits: str) -> None:
    open_journal(person, locale)
    person.press(label(locale, "pin-btn-set"))
    assert plain(locale, "pin-new") in text(person)
    pin(person, digits)
    assert plain(locale, "pin-again") in text(person)
    pin(person, digits)
    assert plain(locale, "pin-set") in text(person)


def test_a_pin_guards_the_journal_the_plan_and_mydata_and_a_quick_exit_closes_them(
        api: ThreadedServer, bot: BotProcess, person: Callable[[str], Person]) -> None:
    someone = person("kk")
    write_entry(api, someone)
    someone.press(label("kk", "journal-btn-save"))
    wait_stored(bot, someone, lambda s: 1 in s)
    open_journal(someone, "kk")
    someone.press(label("kk", "pin-btn-set"))
    pin(someone, "123")  # too short: the pad stays, with what was pressed
    assert someone.callback_answer == plain("kk", "pin-short", low=4)
    assert "● ● ●" in text(someone)
    someone.press("⌫")
    assert "● ●" in text(someone) and "● ● ●" not in text(someone)
    pin(someone, "9")  # "129": still short
    assert plain("kk", "pin-new") in text(someone)
    pin(someone, "9")  # "1299"; then a different second entry
    pin(someone, "1298")
    assert plain("kk", "pin-mismatch") in text(someone)
    set_pin(someone, "kk", "2580")
    secret = bot.query("SELECT secret FROM journal_locks WHERE user_id = ?",
                       (bot.keyed_id(someone.user_id),))[0][0]
    assert secret.startswith("gAAAAA") and "2580" not in bot.sealer().open(secret)
    assert [m.text for m in someone.history() if not m.from_bot and not m.deleted] == [
        "/journal"] * 3  # the PIN was pressed, never typed: nothing of it in the chat

    someone.press(label("kk", "btn-exit"))  # closes them again
    for command in ("/journal", "/plan", "/mydata"):
        someone.send(command)
        shown = text(someone)
        assert plain("kk", "pin-enter") in shown, command
        assert WHAT not in shown and plain("kk", "journal-title") not in shown
    pin(someone, "2580")
    assert plain("kk", "pin-opened") in text(someone)  # on to /mydata, the last one asked
    someone.press(label("kk", "pin-btn-continue"))
    assert plain("kk", "journal-mydata", count=1) in text(someone)
    someone.send("/journal")  # open now: no PIN asked
    assert plain("kk", "pin-on") in text(someone)
    assert "Traceback" not in bot.logs()


def test_wrong_pins_lock_it_and_a_forgotten_pin_goes_only_with_the_journal(
        api: ThreadedServer, bot: BotProcess, person: Callable[[str], Person]) -> None:
    someone = person("ru")
    write_entry(api, someone, "ru")
    someone.press(label("ru", "journal-btn-save"))
    wait_stored(bot, someone, lambda s: 1 in s)
    set_pin(someone, "ru", "97531")
    someone.press(label("ru", "btn-exit"))
    someone.send("/journal")
    for left in (4, 3, 2, 1):
        pin(someone, "0000")
        assert plain("ru", "pin-wrong", left=left) in text(someone)
    pin(someone, "0000")
    assert plain("ru", "pin-locked", time="")[:20] in text(someone)
    pin(someone, "97531")  # the right one, while locked: still locked
    assert plain("ru", "pin-locked", time="")[:20] in text(someone)
    assert plain("ru", "journal-title") not in text(someone)

    someone.press(label("ru", "pin-btn-forgot"))
    assert plain("ru", "pin-forgot") in text(someone)
    someone.press(label("ru", "pin-btn-erase"))
    assert plain("ru", "pin-erased") in text(someone)
    wait_stored(bot, someone, lambda s: s == {})
    assert bot.query("SELECT COUNT(*) FROM journal_locks WHERE user_id = ?",
                     (bot.keyed_id(someone.user_id),)) == [(0,)]
    someone.send("/plan")  # no PIN any more: the plan opens
    assert plain("ru", "plan-title") in text(someone)


# -- the whole journal as one file --------------------------------------------------------------
def zip_of(api: ThreadedServer, message: Any) -> bytes:
    stored = api.tg.file(message.payload["document"]["file_id"])
    assert stored is not None
    return stored.content


def test_the_journal_downloads_as_a_zip_with_or_without_a_password(
        api: ThreadedServer, bot: BotProcess, person: Callable[[str], Person]) -> None:
    someone = person("kk")
    open_journal(someone, "kk")
    someone.press(label("kk", "journal-btn-new"))
    for _ in range(5):
        someone.press(label("kk", "journal-btn-skip"))
    someone.send_media("photo", content=PHOTO)
    someone.press(label("kk", "journal-btn-files-done"))
    someone.press(label("kk", "journal-police-called"))
    someone.press(label("kk", "journal-btn-save"))
    wait_files(bot, someone, lambda f: len(f) == 1 and f[0][3] == "stored")
    fingerprint_of = wait_stored(bot, someone, lambda s: 1 in s)[1]["f"]

    open_journal(someone, "kk")
    someone.press(label("kk", "journal-btn-export"))
    assert plain("kk", "journal-export-warning") in text(someone)
    before = len(someone.bot_messages())
    someone.press(label("kk", "journal-btn-export-plain"))
    api.tg.wait_for(lambda: any(m.kind == "document" for m in someone.bot_messages()[before:]),
                    timeout=20)
    plain_zip = next(m for m in someone.bot_messages()[before:] if m.kind == "document")
    with zipfile.ZipFile(io.BytesIO(zip_of(api, plain_zip))) as archive:
        assert fingerprint_of in archive.read("journal.txt").decode()
        assert archive.read("files/001-01-photo.jpg") == PHOTO

    someone.press(label("kk", "journal-btn-back"))
    someone.press(label("kk", "journal-btn-export"))
    someone.press(label("kk", "journal-btn-export-password"))
    short = typed(someone, "1234")
    assert deleted(api, someone, short)
    assert any(plain("kk", "journal-export-password-bad", low=8, high=64) in m.text
               for m in someone.bot_messages())  # on the prompt's screen, above the file
    before = len(someone.bot_messages())
    mine = typed(someone, "Алма ағашы 2026")
    assert deleted(api, someone, mine)
    api.tg.wait_for(lambda: any(m.kind == "document" for m in someone.bot_messages()[before:]),
                    timeout=20)
    locked = next(m for m in someone.bot_messages()[before:] if m.kind == "document")
    with pyzipper.AESZipFile(io.BytesIO(zip_of(api, locked))) as archive:
        with pytest.raises(RuntimeError):
            archive.read("journal.txt")  # no password: nothing
        archive.setpassword("Алма ағашы 2026".encode())
        assert archive.read("files/001-01-photo.jpg") == PHOTO
    assert b"EVIDENCE-PHOTO" not in zip_of(api, locked)
    assert "Алма ағашы" not in " ".join(bot.logs().splitlines())

    someone.press(label("kk", "btn-exit"))  # both files leave the chat
    api.tg.wait_for(lambda: text(someone) == plain("kk", "exit-neutral"), timeout=10)
    for message in (plain_zip, locked):
        assert api.tg.message(someone.chat_id, message.message_id).deleted  # type: ignore[union-attr]


def test_every_kind_of_file_is_taken_and_stored(
        api: ThreadedServer, bot: BotProcess, person: Callable[[str], Person]) -> None:
    someone = person("ru")
    open_journal(someone, "ru")
    someone.press(label("ru", "journal-btn-new"))
    for _ in range(5):
        someone.press(label("ru", "journal-btn-skip"))
    kinds = ("photo", "video", "voice", "video_note", "audio", "document", "animation")
    for kind in kinds:
        sent = someone.send_media(kind, content=f"{kind}-contents".encode() * 100)
        assert deleted(api, someone, int(sent["message_id"])), kind
    assert plain("ru", "journal-files-count", count=len(kinds)) in text(someone)
    someone.press(label("ru", "journal-btn-files-done"))
    someone.press(label("ru", "journal-btn-skip"))
    someone.press(label("ru", "journal-btn-save"))
    kept = wait_files(bot, someone, lambda f: len(f) == len(kinds) and all(
        row[3] == "stored" for row in f))
    assert [row[2] for row in kept] == list(kinds)
    for row, kind in zip(kept, kinds, strict=True):
        assert bot.sealer().open(row[4]) == hashlib.sha256(
            f"{kind}-contents".encode() * 100).hexdigest()
    someone.send("/forget")
    someone.press(label("ru", "btn-erase-yes"))
    wait_files(bot, someone, lambda f: f == [])
    assert bot.query("SELECT COUNT(*) FROM journal_file_chunks WHERE file_id IN (?, ?)",
                     (kept[0][0], kept[-1][0])) == [(0,)]  # no piece of any left


def test_sos_on_a_prompt_shows_the_numbers_even_while_the_pin_is_asked(
        api: ThreadedServer, bot: BotProcess, person: Callable[[str], Person]) -> None:
    someone = person("kk")
    set_pin(someone, "kk", "1357")
    someone.press(label("kk", "btn-exit"))  # closed: the PIN is asked again
    screen = screen_id(someone)
    for data in ("jn:h:0", "se:h:w:-1:-1"):  # 🆘 of a journal's or a plan's prompt
        someone.press_data(data, screen)
        assert plain("kk", "sos-text").splitlines()[0] in text(someone), data
        assert plain("kk", "pin-enter") not in text(someone)
    someone.send("/journal")  # anything else still asks for the PIN
    assert plain("kk", "pin-enter") in text(someone)
