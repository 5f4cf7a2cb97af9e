"""The journal's rules (dialogs.journal), its storage (storage.journal) on real databases, and
its screens within Telegram's limits; end to end: tests/test_e2e_journal.py."""

from __future__ import annotations

import asyncio
import hashlib
import io
import itertools
import json
from datetime import date, datetime
from pathlib import Path

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.journal import screens as ui
from bot.journal.document import draft_pdf, draft_text
from bot.kit.i18n import Translations
from bot.kit.text import TEXT_LIMIT, shown_len
from dialogs.clock import ALMATY
from dialogs.journal import (
    FILES_PER_ENTRY,
    PERSON_FILES_MAX,
    STEPS,
    TYPED,
    DayPart,
    Entry,
    Field,
    Place,
    Police,
    Problem,
    When,
    fingerprint,
    media_problem,
    next_step,
    parse_day,
    take_typed,
)
from dialogs.journal_draft import DraftKind
from dialogs.journal_lock import TRIES, pin_problem, typed_digit
from storage.crypto import Sealer, new_key
from storage.journal import JournalRepo, StoredEntry
from storage.journal_files import Attachment, JournalFilesRepo
from storage.journal_locks import JournalLocksRepo, LockState
from storage.rekey import rekey
from tests.databases import database_at
from tests.screens import tr
from tests.test_storage import run

ANY = "\u2063"  # a character no text has: where a value goes
NOON_14_MARCH_2026 = datetime(2026, 3, 14, 12, 0, tzinfo=ALMATY).timestamp()


def full_entry() -> Entry:
    return Entry(When(date(2026, 3, 13), DayPart.EVENING), Place.HOME, "Ол <b>айқайлады</b> & т.б.",
                 "Қолымда көгерген із", "Көрші әйел Айжан", Police.CALLED)


# -- the rules ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("typed", "expected"), [
    ("14.03.2026", date(2026, 3, 14)), ("14.03.26", date(2026, 3, 14)),
    ("1/3", date(2026, 3, 1)), ("13-03", date(2026, 3, 13)), (" 7.1.2020. ", date(2020, 1, 7)),
    ("15.03", date(2025, 3, 15)),  # a day of this year still to come: last year's
    ("29.02.2024", date(2024, 2, 29)),
    ("31.02.2026", Problem.DATE_FORMAT), ("29.02", Problem.DATE_FORMAT),
    ("кеше", Problem.DATE_FORMAT), ("14.13.2026", Problem.DATE_FORMAT), ("", Problem.DATE_FORMAT),
    ("15.03.2026", Problem.DATE_FUTURE), ("01.01.1949", Problem.DATE_PAST),
])
def test_a_typed_date_is_read_as_people_write_it(typed: str, expected: object) -> None:
    assert parse_day(typed, NOON_14_MARCH_2026) == expected


@given(st.text(max_size=60))
def test_any_typed_date_is_a_day_not_to_come_or_a_problem(typed: str) -> None:
    found = parse_day(typed, NOON_14_MARCH_2026)
    assert isinstance(found, Problem) or date(1950, 1, 1) <= found <= date(2026, 3, 14)


def test_typed_answers_are_trimmed_and_bounded() -> None:
    assert take_typed(Field.WHAT, "  бәрі  ") == "бәрі"
    assert take_typed(Field.WHAT, " \n ") == Problem.EMPTY
    assert take_typed(Field.WHAT, None) == Problem.EMPTY  # a sticker, a photo
    assert take_typed(Field.WITNESSES, "а" * TYPED[Field.WITNESSES]) == "а" * 500
    assert take_typed(Field.WITNESSES, "а" * 501) == Problem.TOO_LONG


def test_a_guided_entry_goes_through_every_field_once() -> None:
    order, step = [], Field.WHEN
    while step is not None:
        order.append(step)
        step = next_step(step)
    assert tuple(order) == STEPS


def test_an_entry_of_only_a_date_says_nothing() -> None:
    assert not Entry(When(date(2026, 3, 1))).says_something
    assert Entry(police=Police.NOT_CALLED).says_something


entries = st.builds(
    Entry,
    when=st.none() | st.builds(When, day=st.dates(date(1950, 1, 1), date(2100, 1, 1)),
                               part=st.none() | st.sampled_from(DayPart),
                               time=st.none() | st.sampled_from(["00:00", "21:40"])),
    place=st.none() | st.sampled_from(Place),
    what=st.none() | st.text(min_size=1, max_size=TYPED[Field.WHAT]),
    injuries=st.none() | st.text(min_size=1, max_size=TYPED[Field.INJURIES]),
    witnesses=st.none() | st.text(min_size=1, max_size=TYPED[Field.WITNESSES]),
    police=st.none() | st.sampled_from(Police))


@settings(max_examples=150, deadline=None)
@given(entries)
def test_an_entry_reads_back_as_it_was_stored(entry: Entry) -> None:
    assert Entry.from_data(json.loads(json.dumps(entry.to_data()))) == entry


@pytest.mark.parametrize("data", [None, [], "x", {"t": {"d": "2026-02-30"}}, {"p": "moon"},
                                  {"c": 7, "w": 5}, {"t": {"d": "2026-03-01", "p": "z",
                                                           "h": "99:99"}}])
def test_data_that_cannot_be_read_is_left_empty_not_an_error(data: object) -> None:
    assert not Entry.from_data(data).says_something


def test_the_fingerprint_is_the_sha256_of_the_canonical_record() -> None:
    entry = full_entry()
    canonical = json.dumps({"n": 4, "at": 1_765_000_000, "entry": entry.to_data()},
                           ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert fingerprint(4, 1_765_000_000, entry) == hashlib.sha256(
        canonical.encode()).hexdigest()
    assert fingerprint(5, 1_765_000_000, entry) != fingerprint(4, 1_765_000_000, entry)
    assert fingerprint(4, 1_765_000_001, entry) != fingerprint(4, 1_765_000_000, entry)
    changed = Entry(**{**entry.__dict__, "what": "басқа"})
    assert fingerprint(4, 1_765_000_000, changed) != fingerprint(4, 1_765_000_000, entry)


# -- screens -----------------------------------------------------------------------------------
@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_the_longest_entry_fits_a_message_and_shows_words_as_typed(locale: str) -> None:
    t = tr(locale)
    longest = Entry(When(date(2026, 3, 13), DayPart.NIGHT), Place.ONLINE,
                    *(("ә<&>" * 600)[:TYPED[f]] for f in (Field.WHAT, Field.INJURIES,
                                                        Field.WITNESSES)), Police.NOT_CALLED)
    stored = StoredEntry(ui.PAGE * 999, longest, "f" * 64, 1_765_000_000)
    files = [Attachment(n, "video_note", "f", "u", 19 * 2**20, state, "a" * 64, 1, 1)
             for n, state in zip(range(FILES_PER_ENTRY), itertools.cycle(
                 ("stored", "pending", "failed")), strict=False)]
    view = ui.entry_text(t, stored, files, t("journal-delete-confirm"))
    shown = sum(str(t("journal-file-line", index=n, kind=t("journal-kind-video-note"),
                      size="19.0", state=ANY)).split(ANY)[0] in str(view)
                for n in range(1, FILES_PER_ENTRY + 1))
    assert 0 < shown <= FILES_PER_ENTRY
    if shown < FILES_PER_ENTRY:
        assert str(t("journal-files-more", count=FILES_PER_ENTRY - shown)).strip() in str(view)
    for text in (view, ui.draft_text(t, ui.Draft(longest, 12), FILES_PER_ENTRY,
                                     t("journal-say-something"))):
        assert shown_len(str(text)) <= TEXT_LIMIT  # as Telegram counts it
        assert "&lt;&amp;&gt;" in text and "<&>" not in text  # escaped: never taken for HTML


def test_callback_data_fits_telegrams_64_bytes() -> None:
    for data in (ui.JournalGo(to=ui.JournalScreen.DELETE_YES, n=10**9),
                 ui.JournalSet(f=Field.WHEN, v=ui.WhenChoice.YESTERDAY),
                 ui.JournalAsk(f=Field.WITNESSES)):
        assert len(data.pack().encode()) <= 64


# -- storage -----------------------------------------------------------------------------------
def test_entries_are_numbered_per_person_sealed_and_erased(db_at: Path | str) -> None:
    async def check(db) -> None:  # type: ignore[no-untyped-def]
        repo = JournalRepo(db)
        first = await repo.add(42, full_entry())
        second = await repo.add(42, Entry(place=Place.WORK))
        other = await repo.add(77, Entry(what="басқа адам"))
        assert (first.number, second.number, other.number) == (1, 2, 1)
        assert first.fingerprint == fingerprint(1, first.stored_at, full_entry())
        assert [e.entry for e in await repo.entries(42)] == [full_entry(), Entry(place=Place.WORK)]
        assert await repo.get(77, 2) is None and await repo.get(42, 3) is None
        raw = await db.fetchall("SELECT user_id, entry FROM journal_entries")
        assert all(user not in (42, 77) for user, _ in raw)  # keyed ids, as everywhere
        assert all("айқайлады" not in sealed and first.fingerprint not in sealed
                   for _, sealed in raw)
        edited = await repo.replace(42, 1, Entry(what="өзгерді"))
        assert (await repo.get(42, 1)) == edited and edited.number == 1
        await repo.delete(42, 2)
        third = await repo.add(42, Entry(what="тағы"))
        assert third.number == 2 and await repo.count(42) == 2
        await repo.forget(42)
        assert await repo.entries(42) == [] and await repo.count(77) == 1

    run(check, db_at)


def test_key_rotation_reseals_the_journal(db_at: Path | str) -> None:
    old, new = new_key(), new_key()

    async def rotate() -> list[Entry]:
        db = database_at(db_at, Sealer(old))
        await db.connect()
        await JournalRepo(db).add(42, full_entry())
        await db.close()
        db = database_at(db_at, Sealer(new, [old]))  # python -m bot rekey
        await db.connect()
        await rekey(db)
        await db.close()
        db = database_at(db_at, Sealer(new))  # the old key destroyed
        await db.connect()
        try:
            return [e.entry for e in await JournalRepo(db).entries(42)]
        finally:
            await db.close()

    assert asyncio.run(rotate()) == [full_entry()]


def test_a_stored_file_opens_only_for_its_owner_and_goes_with_its_draft_or_entry(
        db_at: Path | str) -> None:
    content = bytes(range(256)) * 1400  # not text, over one piece (256 kB): kept as bytes

    async def check(db) -> None:  # type: ignore[no-untyped-def]
        files = JournalFilesRepo(db)
        await files.record(42, "d1", "photo", "file-1", "u1", len(content))
        await files.record(42, "d2", "voice", "file-2", "u2", 10)  # a draft gone since
        await files.record(77, "d3", "photo", "file-3", "u3", 10)
        first, second = await files.claim("me"), await files.claim("someone else")
        assert [d.file_id for d in first] == ["file-1", "file-2", "file-3"] and second == []
        own = first[0].id
        assert await files.content(42, own) is None  # still pending
        await files.stored(own, content, hashlib.sha256(content).hexdigest())
        assert await files.content(42, own) == content
        for who, which in ((77, own), (42, own + 100), (42, -1), (42, first[2].id)):
            assert await files.content(who, which) is None  # another's, guessed, forged
        pieces = await db.fetchall("SELECT data FROM journal_file_chunks WHERE file_id = ?"
                                   " ORDER BY seq", (own,))
        assert len(pieces) == 1 + len(content) // (256 * 1024)  # sealed a piece at a time
        assert all(content[:64] not in p[0].encode() for p in pieces)
        digest = await db.fetchone("SELECT digest FROM journal_files WHERE id = ?", (own,))
        assert hashlib.sha256(content).hexdigest() not in digest[0]
        await files.drop_drafts(42, keep="d1")  # the draft "d2" is gone: its file too
        assert [a.file_id for a in await files.of_draft(42, "d1")] == ["file-1"]
        assert await files.of_draft(42, "d2") == []
        await files.attach(42, "d1", 3)
        assert [a.digest for a in await files.of_entry(42, 3)] == [
            hashlib.sha256(content).hexdigest()]
        assert await files.usage(42) == (len(content), 1)
        await files.delete_entry(42, 3)
        assert await files.usage(42) == (0, 0) and await files.usage(77) == (10, 1)
        assert await db.fetchall("SELECT * FROM journal_file_chunks WHERE file_id = ?",
                                 (own,)) == []  # the contents went with the file
        await files.stored(own, content, "late")  # a download that ends after the erasure
        assert await db.fetchall("SELECT * FROM journal_file_chunks WHERE file_id = ?",
                                 (own,)) == []

    run(check, db_at)


def test_key_rotation_reseals_the_files_bytes_unchanged(db_at: Path | str) -> None:
    old, new = new_key(), new_key()
    content = bytes(range(256)) * 2000  # two pieces

    async def rotate() -> bytes | None:
        db = database_at(db_at, Sealer(old))
        await db.connect()
        files = JournalFilesRepo(db)
        await files.record(42, "d", "document", "f", "u", len(content))
        (download,) = await files.claim("me")
        await files.stored(download.id, content, "digest")
        await db.close()
        db = database_at(db_at, Sealer(new, [old]))
        await db.connect()
        await rekey(db)
        await db.close()
        db = database_at(db_at, Sealer(new))
        await db.connect()
        try:
            return await JournalFilesRepo(db).content(42, download.id)
        finally:
            await db.close()

    assert asyncio.run(rotate()) == content


# -- the PIN -----------------------------------------------------------------------------------
def test_the_keypad_takes_digits_up_to_the_longest_pin_and_takes_one_back() -> None:
    entered = ""
    for key in "12345678" + "9":
        entered = typed_digit(entered, key)
    assert entered == "12345678"  # PIN_MAX
    assert typed_digit(entered, "b") == "1234567" and typed_digit("", "b") == ""
    assert typed_digit("12", "x") == "12" and typed_digit("12", "12") == "12"  # forged keys
    assert pin_problem("123") is not None and pin_problem("1234") is None


def test_five_wrong_pins_lock_it_and_the_right_one_forgets_the_wrong_tries(
        db_at: Path | str) -> None:
    async def check(db) -> None:  # type: ignore[no-untyped-def]
        locks = JournalLocksRepo(db)
        assert not (await locks.state(42)).set and await locks.check(42, "0000") is None
        await locks.set_pin(42, "2580")
        assert await locks.check(42, "1111") == LockState(True, 0, TRIES - 1)
        assert await locks.check(42, "2580") is None  # right: the wrong try is forgotten
        for left in range(TRIES - 1, 0, -1):
            assert (await locks.check(42, "1111")).tries_left == left  # type: ignore[union-attr]
        locked = await locks.check(42, "1111")
        assert locked is not None and locked.locked_until > 0 and locked.tries_left == 0
        assert await locks.check(42, "2580") == locked  # locked: even the right one waits
        assert (await locks.state(77)).set is False  # another person has no PIN
        await locks.forget(42)
        assert not (await locks.state(42)).set

    run(check, db_at)


def test_a_file_over_the_limits_is_refused_with_the_reason() -> None:
    mb = 2**20
    assert media_problem(20 * mb, 0, 0) is None
    assert media_problem(20 * mb + 1, 0, 0) == Problem.FILE_TOO_BIG  # Telegram's 20 MB for bots
    assert media_problem(mb, PERSON_FILES_MAX - mb, 3) is None
    assert media_problem(mb + 1, PERSON_FILES_MAX - mb, 3) == Problem.FILES_FULL
    assert media_problem(10, 0, FILES_PER_ENTRY) == Problem.FILES_FULL
    assert media_problem(None, 0, 0) is None  # Telegram did not say: the download checks it


# -- the draft documents -----------------------------------------------------------------------
@pytest.mark.parametrize("locale", ["kk", "ru"])
@pytest.mark.parametrize("kind", list(DraftKind))
def test_the_draft_pdf_holds_the_draft_text_with_every_letter(kind: DraftKind,
                                                              locale: str) -> None:
    entry = full_entry()
    alphabet = "Әә Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі Ёё Щщ Ъъ"
    stored = [StoredEntry(1, Entry(**{**entry.__dict__, "what": f"{entry.what} {alphabet}"}),
                          "f" * 64, 1_765_000_000)]
    files = {1: [Attachment(1, "photo", "f", "u", 10, "stored", "d" * 64, 1, 1)]}
    text = draft_text(kind, Translations().get(locale), stored, files)
    assert "______" in text  # who is who: blanks, never asked
    assert ("Көрінеу жалған сөз" if locale == "kk" else "заведомо ложный донос") in text
    assert "Ол <b>айқайлады</b> & т.б." in text and "&amp;" not in text  # plain, as typed
    pdf = asyncio.run(draft_pdf(text, "footer"))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    extracted = " ".join(page.extract_text() or "" for page in reader.pages)
    assert " ".join(text.split()) in " ".join(extracted.split())
    assert alphabet in extracted
