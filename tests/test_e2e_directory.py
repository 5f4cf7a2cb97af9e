"""The directory of help over HTTP with the real bot process, and the stand-in's files and
locations it relies on."""

from __future__ import annotations

import asyncio
import io
import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, Update

from dialogs.directory import COLUMNS, to_bytes
from dialogs.handoff import PLACES
from sandbox.fakeapi import FakeTelegram, ThreadedServer
from tests.harness import BotProcess, Person, start_bot, start_fake_api
from tests.screens import label, plain


class QuickSession(AiohttpSession):
    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


def started(tg: FakeTelegram, user_id: int = 111) -> int:
    tg.user(user_id, "Aigerim")
    tg.send_text(user_id, "/start")
    return user_id


# -- the stand-in: documents with contents, getFile, downloads, locations ---------------------
def test_a_document_a_person_sends_can_be_fetched_and_downloaded(srv: ThreadedServer) -> None:
    tg = srv.tg
    person = started(tg)
    sent = tg.send_document(person, "list.csv", b"id,region\r\n", caption="/import now")
    assert sent["document"]["file_name"] == "list.csv"
    assert sent["document"]["file_size"] == 11
    assert sent["caption_entities"] == [{"type": "bot_command", "offset": 0, "length": 7}]

    async def main() -> tuple[bytes, str, str]:
        bot = Bot(tg.token, session=QuickSession(api=TelegramAPIServer.from_base(srv.url)),
                  default=DefaultBotProperties(parse_mode="HTML"))
        try:
            updates = await bot.get_updates()
            message = Update.model_validate(updates[-1].model_dump()).message
            assert message is not None and message.document is not None
            out = io.BytesIO()
            await bot.download(message.document, destination=out)
            with pytest.raises(TelegramBadRequest, match="invalid file_id"):
                await bot.get_file("fake-document-nope")
            upload = await bot.send_document(person, BufferedInputFile(b"a,b\n", "out.csv"),
                                             caption="here")
            assert upload.document is not None
            return out.getvalue(), upload.document.file_id, upload.document.file_name or ""
        finally:
            await bot.session.close()

    content, uploaded, name = asyncio.run(main())
    assert content == b"id,region\r\n"
    stored = tg.file(uploaded)
    assert stored is not None and stored.content == b"a,b\n" and name == "out.csv"
    upload_call = tg.calls_to("sendDocument")[-1]
    attached = upload_call.params["document"].removeprefix("attach://")
    assert upload_call.params[attached] == {"upload": "out.csv"}  # no bytes in the call log
    assert tg.download(stored.file_path) == b"a,b\n"


def test_a_person_shares_a_location(tg: FakeTelegram) -> None:
    person = started(tg)
    sent = tg.send_location(person, 51.1694, 71.4491)
    assert sent["location"] == {"latitude": 51.1694, "longitude": 71.4491}
    with pytest.raises(ValueError, match="latitudes"):
        tg.send_location(person, 91, 0)


# -- the bot --------------------------------------------------------------------------------------
ADMIN = 8_950_001
_ids = itertools.count(8_950_101)
HEADER = ",".join(COLUMNS)
ASTANA_NGO = ("astana-crisis,astana,Астана дағдарыс орталығы (тест),Кризисный центр Астаны "
              "(тест),Astana crisis centre (test),legal;psychological,+7 717 000 00 01,24/7,"
              "kk;ru,51.128207,71.430411,,,")
ALMATY_NGOS = [
    "almaty-legal,almaty-city,Алматы заң көмегі (тест),Юридическая помощь Алматы (тест),"
    "Almaty legal aid (test),legal,8 (727) 000-00-02,09:00-18:00,ru,43.238949,76.889709,,,",
    "almaty-shelter,almaty-city,Алматы баспанасы (тест),Приют Алматы (тест),,"
    "household;medical,+7 727 000 00 03,,,43.25667,76.92861,,,",
]
SHYMKENT_NGO = ("shymkent-help,shymkent,Шымкент көмек (тест),,,economic,+7 725 000 00 04,,,"
                "42.3417,69.5901,,,")
PERSON_POINT = (51.1605, 71.4704)  # in Astana: where a person is, never to be kept


def national_rows() -> list[str]:
    text = (Path(__file__).resolve().parents[1] / "texts" / "directory" /
            "national.csv").read_bytes().decode("utf-8")
    return text.splitlines()[1:]


def directory_file(*rows: str, national: bool = True) -> bytes:
    lines = [HEADER, *(national_rows() if national else []), *rows]
    return to_bytes("\r\n".join(lines) + "\r\n")


@pytest.fixture(scope="module")
def api() -> Iterator[ThreadedServer]:
    server = start_fake_api()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def bot(api: ThreadedServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    api.tg.user(ADMIN, "Admin", "ru")  # never wrote: the bot sets their menu when they do
    process = start_bot(api, tmp_path_factory.mktemp("directory"),
                        extra_env={"ADMIN_IDS": str(ADMIN)})
    yield process
    process.stop()


@pytest.fixture
def admin(api: ThreadedServer, bot: BotProcess) -> Person:
    return Person(api.tg, ADMIN, "ru", first_name="Admin")


def person(api: ThreadedServer, locale: str = "kk") -> Person:
    return Person(api.tg, next(_ids), locale)


def send_file(p: Person, data: bytes, caption: str | None = "/directory_import",
              name: str = "directory.csv") -> None:
    before = len(p.tg.calls)
    p.tg.send_document(p.user, name, data, caption=caption)
    p.wait_reply(before)


def share_location(p: Person, lat: float, lon: float) -> None:
    before = len(p.tg.calls)
    p.tg.send_location(p.user, lat, lon)
    p.wait_reply(before)


def exported(admin: Person) -> str:
    admin.send("/directory_export")
    screen = admin.screen
    assert screen is not None and screen.kind == "document"
    stored = admin.tg.file(screen.payload["document"]["file_id"])
    assert stored is not None and stored.file_name.startswith("directory-")
    assert stored.content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads it as UTF-8
    return stored.content.decode("utf-8-sig")


def import_ok(admin: Person, data: bytes, count: int) -> None:
    send_file(admin, data)
    assert admin.screen is not None
    assert plain("ru", "dir-import-done", count=count) in admin.screen.text, admin.screen.text


def open_directory(p: Person, locale: str) -> None:
    p.send("/start")
    p.send("/directory")
    assert p.screen is not None and plain(locale, "dir-title").splitlines()[0] in p.screen.text


def test_a_person_picks_a_region_and_sees_the_national_lines_then_its_own(
        api: ThreadedServer, admin: Person) -> None:
    import_ok(admin, directory_file(ASTANA_NGO, *ALMATY_NGOS, SHYMKENT_NGO), 9)
    p = person(api, "kk")
    open_directory(p, "kk")
    region_buttons = [b for b in p.buttons if b in {label("kk", f"region-{x}") for x in PLACES}]
    assert len(region_buttons) == 20
    screen = p.screen
    assert screen is not None and screen.buttons[-1][0].text == label("kk", "btn-sos")
    assert all(len(row) <= 2 for row in screen.buttons)
    p.press(label("kk", "region-almaty-city"))
    assert p.screen is not None and p.screen.message_id == screen.message_id  # edited in place
    text = p.screen.text
    order = [text.index(x) for x in ("112", "102", "103", "111", "150",
                                      "Алматы заң көмегі (тест)", "Алматы баспанасы (тест)")]
    assert order == sorted(order)  # national lines first, then the region's, as in the file
    assert "Шұғыл қызметтердің бірыңғай нөмірі" in text  # names in the person's language
    assert "+7 727 000 00 02" in text  # the number as one form, to tap
    assert plain("kk", "dir-entry-kinds", kind=label("kk", "dir-kind-legal")) in text
    assert plain("kk", "dir-entry-hours", hours=label("kk", "dir-hours-always")) in text  # 111
    assert "Астана" not in text and "Шымкент көмек" not in text
    p.press(label("kk", "btn-dir-regions"))
    p.press(label("kk", "region-ulytau"))  # a region with no entries yet: the national lines
    assert p.screen is not None and plain("kk", "dir-region-none") in p.screen.text
    assert "111" in p.screen.text


def test_a_long_list_is_paged_within_telegrams_limit(api: ThreadedServer,
                                                     admin: Person) -> None:
    note = "Ескерту сөзі " * 20
    rows = [f"turk-{n},turkistan,Түркістан ұйымы {n:02},,,legal,+7 725 100 00 {n:02},,,,,"
            f"{note.strip()},," for n in range(40)]
    import_ok(admin, directory_file(*rows), 45)
    p = person(api, "ru")
    open_directory(p, "ru")
    p.press(label("ru", "region-turkistan"))
    seen, pages = [], 1
    while True:
        assert p.screen is not None and len(p.screen.text) <= 4096
        seen += re.findall(r"Түркістан ұйымы (\d\d)", p.screen.text)
        if label("ru", "btn-next") not in p.buttons:
            break
        p.press(label("ru", "btn-next"))
        pages += 1
    assert seen == [f"{n:02}" for n in range(40)]  # all of them, in order, once each
    assert pages > 1 and plain("ru", "dir-page", number=pages, total=pages) in p.screen.text
    p.press(label("ru", "btn-prev"))
    assert plain("ru", "dir-page", number=pages - 1, total=pages) in p.screen.text
    # (the admin's menu at start is refused: they had not written to the bot yet)
    assert not [c for c in api.tg.calls if c.status != 200
                and c.method not in ("getUpdates", "setMyCommands")]


def test_a_shared_location_sorts_the_list_once_and_is_kept_nowhere(
        api: ThreadedServer, bot: BotProcess, admin: Person) -> None:
    import_ok(admin, directory_file(ASTANA_NGO, *ALMATY_NGOS, SHYMKENT_NGO), 9)
    p = person(api, "ru")
    open_directory(p, "ru")
    screen = p.screen
    assert screen is not None
    since = len(api.tg.calls)
    p.press(label("ru", "btn-dir-near"))
    assert p.screen is not None and p.screen.keyboard == [[label("ru", "btn-dir-send-location")]]
    prompt = p.screen
    asked = api.tg.message(p.chat_id, screen.message_id)
    assert asked is not None and plain("ru", "dir-location-ask").splitlines()[0] in asked.text
    assert prompt.reply_markup["keyboard"][0][0]["request_location"] is True

    share_location(p, *PERSON_POINT)
    assert p.screen is not None and p.screen.message_id == screen.message_id  # the same screen
    text = p.screen.text
    assert plain("ru", "dir-near-title").splitlines()[0] in text
    order = [text.index(x) for x in ("112", "150", "Кризисный центр Астаны (тест)",
                                      "Юридическая помощь Алматы (тест)",
                                      "Шымкент көмек (тест)")]
    assert order == sorted(order)  # national lines, then the nearest first
    assert "примерно 4,5 км" in text or "примерно 4,6 км" in text  # Astana: a few km away
    # the prompt, the person's location and the message that hid the keyboard are gone
    assert [m.kind for m in p.history()] == [m.kind for m in p.history()
                                              if m.kind != "location"]
    assert api.tg.message(p.chat_id, prompt.message_id).deleted  # type: ignore[union-attr]
    removals = [c for c in api.tg.calls_to("sendMessage", since=since)
                if (c.params.get("reply_markup") or {}).get("remove_keyboard")]
    assert len(removals) == 1

    # the point is in no log line and nowhere in the database's files
    marks = [f"{x}" for x in PERSON_POINT] + [f"{x:.3f}" for x in PERSON_POINT]
    logs = bot.logs()
    assert not [m for m in marks if m in logs]
    for path in bot.data_dir.glob("qorgau.db*"):
        data = path.read_bytes()
        assert not [m for m in marks if m.encode() in data], path.name

    # a location sent later, with no keyboard out, is not taken for the directory
    share_location(p, *PERSON_POINT)
    assert p.screen is not None and plain("ru", "dir-near-title").splitlines()[0] not in \
        p.screen.text


def test_leaving_the_location_step_by_a_button_hides_the_keyboard(api: ThreadedServer,
                                                                  bot: BotProcess) -> None:
    p = person(api, "en")
    open_directory(p, "en")
    p.press(label("en", "btn-dir-near"))
    since = len(api.tg.calls)
    p.press(label("en", "btn-directory"))
    assert p.screen is not None and plain("en", "dir-title").splitlines()[0] in p.screen.text
    removals = [c for c in api.tg.calls_to("sendMessage", since=since)
                if (c.params.get("reply_markup") or {}).get("remove_keyboard")]
    assert len(removals) == 1
    assert [m for m in p.bot_messages() if m.keyboard] == []  # the prompt is deleted


def test_admin_exports_and_a_file_with_problems_changes_nothing(api: ThreadedServer,
                                                                admin: Person) -> None:
    import_ok(admin, directory_file(ASTANA_NGO), 6)
    before = exported(admin)
    assert before.splitlines()[0] == HEADER
    assert "+7 717 000 00 01" in before and before.count("\r\n") == 7

    broken = directory_file(
        ASTANA_NGO.replace("astana,", "atlantis,"),
        ALMATY_NGOS[0].replace("8 (727) 000-00-02", "0-2"),
        ALMATY_NGOS[1].replace("household;medical", "household;magic"),
        *[f"x-{n},all,X,,,,{n}0000,,,,,,," for n in range(10)])
    send_file(admin, broken)
    assert admin.screen is not None
    text = admin.screen.text
    assert plain("ru", "dir-import-failed").splitlines()[0] in text
    assert plain("ru", "dir-error-at", number=7, name="region") in text
    assert "atlantis" in text and "0-2" in text and "magic" in text
    assert text.count("• ") == 10  # the first ten…
    assert plain("ru", "dir-import-more", count=3) in text  # …and how many more
    assert exported(admin) == before  # nothing changed

    send_file(admin, b"\xff\xfe" + "id,region".encode("utf-16-le"))
    assert plain("ru", "dir-error-encoding") in admin.screen.text
    send_file(admin, b"PK\x03\x04", name="directory.xlsx")
    assert plain("ru", "dir-import-spreadsheet") in admin.screen.text
    assert exported(admin) == before

    # the template, as it ships; importing it as is imports nothing
    admin.send("/directory_template")
    template = admin.tg.file(admin.screen.payload["document"]["file_id"])
    assert template is not None and b"Example NGO" in template.content
    send_file(admin, template.content)
    assert plain("ru", "dir-error-empty") in admin.screen.text
    assert exported(admin) == before


def test_import_after_the_command_then_a_person_sees_the_new_entry(api: ThreadedServer,
                                                                    admin: Person) -> None:
    import_ok(admin, directory_file(), 5)
    admin.send("/directory_import")
    assert plain("ru", "dir-import-ask").splitlines()[0] in admin.screen.text
    admin.send("here it comes")
    assert plain("ru", "dir-import-not-file") in admin.screen.text
    send_file(admin, directory_file(SHYMKENT_NGO, "#later,astana,Later,,,,111,,,,,,,"),
              caption=None)
    assert plain("ru", "dir-import-done", count=6) in admin.screen.text
    assert plain("ru", "dir-import-comments", count=1) in admin.screen.text
    p = person(api, "kk")
    open_directory(p, "kk")
    p.press(label("kk", "region-shymkent"))
    assert p.screen is not None and "Шымкент көмек (тест)" in p.screen.text
    assert plain("kk", "dir-entry-kinds", kind=label("kk", "dir-kind-economic")) in \
        p.screen.text
    # the command's wait ends with the import: a later file is not an import
    send_file(admin, directory_file(), caption=None)
    assert plain("ru", "dir-import-done", count=5) not in admin.screen.text


def test_someone_who_is_not_an_admin_cannot_import_or_export(api: ThreadedServer,
                                                            admin: Person) -> None:
    import_ok(admin, directory_file(ASTANA_NGO), 6)
    before = exported(admin)
    p = person(api, "ru")
    p.send("/start")
    since = len(api.tg.calls)
    send_file(p, directory_file(SHYMKENT_NGO))
    p.send("/directory_import")
    send_file(p, directory_file(SHYMKENT_NGO), caption=None)
    p.send("/directory_export")
    assert not api.tg.calls_to("getFile", since=since)  # the file was never even fetched
    assert not [m for m in p.bot_messages() if m.kind == "document"]
    assert all(plain("ru", "dir-import-done", count=6) not in t for t in p.bot_texts())
    assert exported(admin) == before
