"""Sharing journal entries with one's social defender, end to end with the real bot and a
forum group in the stand-in Bot API (issue #26): nothing without an open request and the
person's press; the preview shows what goes; the case's topic gets the chronology, each entry
and its files with their SHA-256, and nothing that names the person; no one else's press
chooses or sends an entry."""

from __future__ import annotations

import hashlib
import io
import itertools
import time
from collections.abc import Callable

import pypdf
import pytest

from sandbox.fakeapi import ThreadedServer
from tests.fixtures import FORUM_GROUP, real_bot
from tests.harness import BotProcess, Person
from tests.screens import label, open_menu, plain, to_defender

_ids = itertools.count(7_961_000_001)
PHOTO = b"\xff\xd8\xff\xe0" + b"SHARED-PHOTO-5d1e" * 5_000
WORDS = "Ол мені <итеріп> жіберді & қорқытты"

api, bot = real_bot("journal_share", forum=True)


@pytest.fixture
def person(api: ThreadedServer, bot: BotProcess) -> Callable[[str], Person]:
    return lambda locale: Person(api.tg, next(_ids), locale)


def text(person: Person) -> str:
    assert person.screen is not None
    return person.screen.text


def write_entry_with_a_photo(bot: BotProcess, person: Person, locale: str) -> None:
    person.send("/journal")
    person.press(label(locale, "journal-btn-new"))
    person.press(label(locale, "journal-when-today"))
    person.press(label(locale, "journal-part-evening"))
    person.press(label(locale, "journal-place-home"))
    person.send(WORDS)
    for _ in range(2):  # injuries, witnesses
        person.press(label(locale, "journal-btn-skip"))
    person.send_media("photo", content=PHOTO)
    person.press(label(locale, "journal-btn-files-done"))
    person.press(label(locale, "journal-police-called"))
    person.press(label(locale, "journal-btn-save"))
    deadline = time.monotonic() + 15
    while bot.query("SELECT COUNT(*) FROM journal_files WHERE user_id = ? AND state = 'stored'",
                    (bot.keyed_id(person.user_id),)) != [(1,)]:
        assert time.monotonic() < deadline
        time.sleep(0.1)


def make_request(person: Person, locale: str) -> None:
    open_menu(person, locale)
    to_defender(person, locale)
    person.press(label(locale, "region-almaty-city"))
    person.press(label(locale, "btn-no"))
    person.press(label(locale, "btn-no"))
    person.press(label(locale, "btn-contact-bot"))
    person.send("Көмек керек")
    person.press(label(locale, "btn-intake-send"))


def test_entries_go_to_the_defenders_topic_only_when_the_person_sends_them(
        api: ThreadedServer, bot: BotProcess, person: Callable[[str], Person]) -> None:
    someone = person("kk")
    write_entry_with_a_photo(bot, someone, "kk")
    someone.send("/journal")
    someone.press(label("kk", "journal-btn-share"))
    assert plain("kk", "journal-share-no-case") in text(someone)  # no request: nothing to share

    make_request(someone, "kk")
    topics = api.tg.topics(FORUM_GROUP)
    assert topics, "the request made its topic"
    topic = topics[-1].thread_id
    before = len(api.tg.bot_messages(FORUM_GROUP, topic))
    someone.send("/journal")
    someone.press(label("kk", "journal-btn-share"))
    assert plain("kk", "journal-share-chosen", count=0) in text(someone)
    someone.press("▫️ №1")
    assert plain("kk", "journal-share-chosen", count=1) in text(someone)
    someone.press(label("kk", "journal-btn-share-preview", count=1))
    preview = text(someone)
    assert plain("ru", "journal-share-head", count=1) in preview  # as the defenders read it
    assert plain("kk", "journal-share-then", count=1) in preview
    time.sleep(0.5)
    assert len(api.tg.bot_messages(FORUM_GROUP, topic)) == before  # nothing before Send

    someone.press(label("kk", "journal-btn-share-send"))
    assert plain("kk", "journal-share-sent", case=1, count=1, files=1)[:12] in text(someone)
    api.tg.wait_for(lambda: len(api.tg.bot_messages(FORUM_GROUP, topic)) >= before + 3,
                    timeout=20)
    sent = api.tg.bot_messages(FORUM_GROUP, topic)[before:]
    assert plain("ru", "journal-share-head", count=1) in sent[0].text
    assert WORDS in sent[1].text  # the person's words, escaped, not taken for HTML
    assert sent[2].kind == "photo"
    assert hashlib.sha256(PHOTO).hexdigest() in sent[2].text  # the caption
    for message in sent:  # nothing names the person
        assert str(someone.user_id) not in message.text
        assert "P " not in message.text and "@" not in message.text

    stranger = person("kk")  # another person's, or a forged press: nothing chosen or sent
    stranger.send("/journal")
    screen = stranger.screen.message_id  # type: ignore[union-attr]
    for data in ("jk:1", "jn:g:0", "jn:v:0", "jk:-5", "jk:abc"):
        stranger.press_data(data, screen)
    time.sleep(0.5)
    assert len(api.tg.bot_messages(FORUM_GROUP, topic)) == before + 3
    assert "Traceback" not in bot.logs()


def pdf_text(api: ThreadedServer, message: object) -> str:
    """The text of a PDF the bot sent, as a reader extracts it."""
    file_id = message.payload["document"]["file_id"]  # type: ignore[attr-defined]
    stored = api.tg.file(file_id)
    assert stored is not None and stored.content.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(stored.content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_a_draft_statement_is_previewed_then_made_a_pdf_in_kazakh_or_russian(
        api: ThreadedServer, bot: BotProcess, person: Callable[[str], Person],
        locale: str) -> None:
    someone = person(locale)
    write_entry_with_a_photo(bot, someone, locale)
    someone.send("/journal")
    someone.press(label(locale, "journal-btn-doc"))
    assert plain(locale, "journal-doc-intro") in text(someone)
    someone.press(label(locale, "journal-doc-police"))
    someone.press("Қазақша" if locale == "kk" else "Русский")
    someone.press("▫️ №1")
    someone.press(label(locale, "journal-btn-doc-preview", count=1))
    shown = text(someone)
    assert plain(locale, "journal-doc-warning") in shown  # a draft, said plainly
    assert WORDS in shown  # the person's words, escaped, not taken for HTML
    assert ("АРЫЗ" if locale == "kk" else "ЗАЯВЛЕНИЕ") in shown
    assert label(locale, "journal-btn-doc-defender") not in someone.buttons  # no request yet

    before = len(someone.bot_messages())
    someone.press(label(locale, "journal-btn-doc-here"))
    api.tg.wait_for(lambda: any(m.kind == "document" for m in someone.bot_messages()[before:]),
                    timeout=20)
    document = next(m for m in someone.bot_messages()[before:] if m.kind == "document")
    body = pdf_text(api, document)
    expected = {"kk": ("АРЫЗ", "итеріп", "Полиция шақырылды",
                       "Көрінеу жалған сөз үшін қылмыстық жауапкершілік туралы ескертілдім",
                       "ә", "қ", "ү", "ұ", "і"),
                "ru": ("ЗАЯВЛЕНИЕ", "итеріп", "Полицию вызывали", "Об уголовной ответственности"
                       " за заведомо ложный донос предупреждён(-а)")}[locale]
    for words in expected:
        assert words in body, words
    assert flat(WORDS) in body  # the words as typed, every Kazakh letter kept
    assert plain(locale, "journal-doc-here") in document.text  # the caption warns
    someone.press(label(locale, "btn-exit"))
    api.tg.wait_for(lambda: api.tg.message(someone.chat_id, document.message_id).deleted,
                    timeout=10)  # type: ignore[union-attr]


def test_a_draft_request_for_a_protective_order_goes_to_the_defenders_topic(
        api: ThreadedServer, bot: BotProcess, person: Callable[[str], Person]) -> None:
    someone = person("ru")
    write_entry_with_a_photo(bot, someone, "ru")
    make_request(someone, "ru")
    topic = api.tg.topics(FORUM_GROUP)[-1].thread_id
    someone.send("/journal")
    someone.press(label("ru", "journal-btn-doc"))
    someone.press(label("ru", "journal-doc-order"))
    someone.press("Русский")
    someone.press("▫️ №1")
    someone.press(label("ru", "journal-btn-doc-preview", count=1))
    assert "защитного предписания" in text(someone)
    before = len(api.tg.bot_messages(FORUM_GROUP, topic))
    someone.press(label("ru", "journal-btn-doc-defender"))
    assert plain("ru", "journal-doc-sent", case=1)[:20] in text(someone)
    api.tg.wait_for(lambda: len(api.tg.bot_messages(FORUM_GROUP, topic)) > before, timeout=20)
    document = api.tg.bot_messages(FORUM_GROUP, topic)[-1]
    assert document.kind == "document"
    body = pdf_text(api, document)
    assert "о вынесении защитного предписания" in body and "итеріп" in body
    assert str(someone.user_id) not in body
    for data in ("jd:v", "jd:s", "jd:h", "jd:l:x", "jd:e:p:en", "jk:1:d"):  # forged, stale
        stranger = person("ru")
        stranger.send("/journal")
        stranger.press_data(data, stranger.screen.message_id)  # type: ignore[union-attr]
        assert all(m.kind != "document" for m in stranger.bot_messages())
    assert "Traceback" not in bot.logs()
