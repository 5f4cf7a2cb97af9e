"""The real bot process, with answers from the Bot API that it cannot decode (JSON of the wrong
shape and cut-off JSON, both quoting a person's name, username, phone and words, as a broken
proxy or a changed API might send): on every path such an answer can take (polling, a handler's
reply, a press, the outbound queue, an update aiogram cannot read, start-up), the logs name the
exception's class and never what the answer held. The check after every test
(tests/log_check.py) looks for the people of the stand-in's world too."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable

import pytest

from sandbox.fakeapi import FakeTelegram, ThreadedServer
from tests.fixtures import FORUM_GROUP, real_bot
from tests.harness import BotProcess, Person, start_fake_api
from tests.log_check import Personal, find, leaks
from tests.screens import label, open_menu, to_defender

_ids = itertools.count(780_001)
NAME, LAST, USERNAME, PHONE = "Gulnaziya", "Tokhtarova", "gulnaziya_tk", "+7 702 555 44 33"
WORDS = "он отобрал мой телефон и деньги"
PERSON_ID = 7_800_555
ANSWER = {"ok": True, "result": {
    "message_id": "not a number", "date": "today", "text": WORDS,
    "chat": {"id": PERSON_ID, "type": "private", "first_name": NAME},
    "from": {"id": PERSON_ID, "is_bot": False, "first_name": NAME, "last_name": LAST,
             "username": USERNAME},
    "contact": {"phone_number": PHONE, "first_name": NAME}}}
CUT_OFF = json.dumps(ANSWER, ensure_ascii=False)[:-12]  # not JSON at all
UPDATES = {"ok": True, "result": {"update_id": 1, "message": ANSWER["result"]}}  # not a list

api, bot = real_bot("log_privacy", forum=True)


@pytest.fixture
def person(api: ThreadedServer, bot: BotProcess) -> Callable[..., Person]:
    def make(locale: str = "ru") -> Person:
        return Person(api.tg, next(_ids), locale)

    return make


def garbled_leaks(logs: str) -> list[str]:
    """What the garbled answers held, looked for in the logs."""
    held = Personal(ids={PERSON_ID}, words={NAME, LAST, USERNAME, WORDS})
    held.add_phone(PHONE)
    return find(logs, held.ids, held.words, held.phones)


def new_log(process: BotProcess, since: int) -> str:
    return process.logs()[since:]


def wait_for_log(process: BotProcess, since: int, text: str, count: int = 1,
                 timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    while (logs := new_log(process, since)).count(text) < count:
        assert time.monotonic() < deadline, f"{text!r} not logged {count}x:\n{logs}"
        time.sleep(0.1)
    return logs


def test_garbled_getupdates_answers_are_logged_by_class(api: ThreadedServer, bot: BotProcess,
                                                       person: Callable[..., Person]) -> None:
    since = len(bot.logs())
    api.tg.inject_garbled("getUpdates", UPDATES)
    api.tg.inject_garbled("getUpdates", CUT_OFF)
    first, second = person("ru"), person("ru")
    first.send("/start")  # ends the long poll under way: the next two are answered garbled
    logs = wait_for_log(bot, since, "bot_api unavailable (ClientDecodeError)")  # once for both
    second.send("/start")  # and polling goes on, past both garbled answers
    assert second.screen is not None
    logs = wait_for_log(bot, since, "bot_api is back")
    assert garbled_leaks(logs + new_log(bot, since)) == []


def test_a_handler_whose_reply_is_garbled_logs_no_words_phone_or_username(
        api: ThreadedServer, bot: BotProcess, person: Callable[..., Person]) -> None:
    p = person("kk")
    since = len(bot.logs())
    # the reply fails, and so does the error handler's calm message after it
    api.tg.inject_garbled("sendMessage", ANSWER, times=1, chat_id=p.chat_id)
    api.tg.inject_garbled("sendMessage", CUT_OFF, times=1, chat_id=p.chat_id)
    p.send(f"менің нөмірім {PHONE}, жазыңыз @{p.user.username} — {WORDS}", wait=False)
    logs = wait_for_log(bot, since, "ClientDecodeError", count=2)
    p.send("/start")
    assert p.screen is not None  # the person is answered again
    assert garbled_leaks(logs) == []
    assert leaks(new_log(bot, since), api.tg) == []


def test_a_press_whose_answers_are_garbled_logs_none_of_them(
        api: ThreadedServer, bot: BotProcess, person: Callable[..., Person]) -> None:
    p = person("ru")
    open_menu(p, "ru")
    since = len(bot.logs())
    api.tg.inject_garbled("answerCallbackQuery", ANSWER)
    api.tg.inject_garbled("editMessageText", CUT_OFF, chat_id=p.chat_id)
    api.tg.inject_garbled("sendMessage", ANSWER, chat_id=p.chat_id)
    p.press(label("ru", "btn-rights"))
    logs = wait_for_log(bot, since, "ClientDecodeError")
    p.send("/start")
    assert garbled_leaks(logs + new_log(bot, since)) == []


def test_the_outbound_queue_retries_garbled_answers_without_logging_them(
        api: ThreadedServer, bot: BotProcess, person: Callable[..., Person]) -> None:
    p = person("ru")
    open_menu(p, "ru")
    to_defender(p, "ru")
    for region_or_answer in (label("ru", "region-almaty-city"), label("ru", "btn-no"),
                             label("ru", "btn-no"), label("ru", "btn-contact-bot")):
        p.press(region_or_answer)
    p.send(f"{WORDS}; мой номер {PHONE}")
    since = len(bot.logs())
    api.tg.inject_garbled("*", ANSWER, times=1, chat_id=FORUM_GROUP)
    api.tg.inject_garbled("*", CUT_OFF, times=1, chat_id=FORUM_GROUP)
    p.press(label("ru", "btn-intake-send"))
    logs = wait_for_log(bot, since, "ClientDecodeError, retry", count=2)
    api.tg.wait_for(lambda: api.tg.bot_messages(FORUM_GROUP), timeout=20)  # sent in the end
    assert garbled_leaks(logs) == []


def test_an_update_aiogram_cannot_read_is_set_aside_by_count(
        api: ThreadedServer, bot: BotProcess) -> None:
    since = len(bot.logs())
    broken = dict(ANSWER["result"], message_id=1)  # a date that is no date
    update_id = api.tg.push_raw_update("message", broken)
    logs = wait_for_log(bot, since, f"update {update_id} cannot be read")
    assert garbled_leaks(logs) == []


def test_a_garbled_getme_at_start_is_one_line_naming_the_class(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    server = start_fake_api(FakeTelegram())
    try:
        server.tg.inject_garbled("getMe", ANSWER)
        process = BotProcess.for_server(server, tmp_path_factory.mktemp("garbled_start"))
        process.start(wait=False)
        deadline = time.monotonic() + 30
        while process.returncode is None:
            assert time.monotonic() < deadline, process.logs()
            time.sleep(0.1)
        logs = process.logs()
        assert process.returncode == 2 and "ClientDecodeError" in logs, logs
        assert "Traceback" not in logs and garbled_leaks(logs) == []
    finally:
        server.stop()
