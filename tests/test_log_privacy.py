"""Log lines carry no ids, names, usernames, phones or typed text, whoever logs them and however:
the allow-list of bot/pipeline/logs.py, record by record. The bot's real logs are checked after
every end-to-end test (tests/log_check.py) and with garbled answers in test_e2e_log_privacy.py."""

from __future__ import annotations

import ast
import asyncio
import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import ClientDecodeError, TelegramBadRequest
from aiogram.methods import SendMessage
from pydantic import BaseModel, ValidationError

from bot.pipeline import logs
from dialogs.loggable import WITHHELD, Hashed, Safe, telegram_reason
from dialogs.scoring import Answer
from storage.crypto import Sealer, new_key
from tests.log_check import Personal, find

SEALER = Sealer(new_key())
ROOT = Path(__file__).resolve().parent.parent
PERSON_ID, NAME, LAST, USERNAME = 7_400_123, "Zhanargul", "Seitkalieva", "zhanargul_s77"
PHONE, TEXT = "+7 701 234 56 78", "он забрал мой паспорт и телефон"
RESPONSE = {"ok": True, "result": {
    "message_id": "not a number", "text": TEXT, "contact": {"phone_number": PHONE},
    "from": {"id": PERSON_ID, "first_name": NAME, "last_name": LAST, "username": USERNAME}}}


def leaks(text: str) -> list[str]:
    person = Personal(ids={PERSON_ID}, words={NAME, LAST, USERNAME, TEXT})
    person.add_phone(PHONE)
    return find(text, person.ids, person.words, person.phones)


@pytest.fixture(autouse=True)
def allow_list() -> Iterator[None]:
    logs.install(SEALER.pseudonym)
    yield
    logs.uninstall()


def decode_error(content: str) -> ClientDecodeError:
    """What aiogram raises for an answer it cannot read, made by aiogram itself."""
    bot = Bot("42:TEST")
    try:
        AiohttpSession().check_response(bot, SendMessage(chat_id=PERSON_ID, text="x"), 200,
                                        content)
    except ClientDecodeError as exc:
        return exc
    raise AssertionError("aiogram read a garbled answer")


@pytest.mark.parametrize("content", [json.dumps(RESPONSE, ensure_ascii=False),
                                     json.dumps(RESPONSE, ensure_ascii=False)[:-7]])
def test_an_undecodable_answer_is_logged_as_its_class_by_every_logger(
        content: str, caplog: pytest.LogCaptureFixture) -> None:
    exc = decode_error(content)
    assert NAME in str(exc)  # what aiogram would print: the whole answer
    caplog.set_level(logging.DEBUG)
    logging.getLogger("aiogram.event").error(
        "Cause exception while process update id=%d by bot id=%d\n%s: %s", 7, PERSON_ID,
        type(exc).__name__, exc, exc_info=exc)
    logging.getLogger("aiogram.dispatcher").error("Failed to fetch updates - %s: %s",
                                                  type(exc).__name__, exc)
    logging.getLogger("asyncio").error(f"Task exception was never retrieved\nfuture: {exc!r}",
                                       exc_info=exc)
    logging.getLogger("some.library").warning("odd answer %s from %s", exc, USERNAME,
                                              exc_info=exc, stack_info=True)
    logging.getLogger("bot.errors").error("update %s (%s) failed: %s", 7, Safe("message"), exc,
                                          exc_info=exc)
    logs._uncaught(type(exc), exc, exc.__traceback__)  # what sys.excepthook does now
    text = caplog.text
    assert leaks(text) == []
    assert "ClientDecodeError: the Bot API's answer could not be decoded" in text
    assert "update 7: a handler raised ClientDecodeError" in text
    assert "polling: getUpdates failed (ClientDecodeError)" in text
    assert "update 7 (message) failed: ClientDecodeError" in text
    assert 'test_log_privacy.py", line' in text  # where it happened is kept
    assert sys.excepthook is not sys.__excepthook__


def test_our_arguments_are_shown_by_kind_and_a_plain_string_is_withheld(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    log = logging.getLogger("bot.test")
    log.info("person %s wrote %s", NAME, TEXT)
    log.info("%d rows in %.1f s, %s, %s, %s", 3, 0.25, Safe("broadcast"), Answer.YES,
             KeyError(USERNAME))
    log.info("chat %d and admin %s, file %s", PERSON_ID, Hashed(42), Path("/data/q.db"))
    lines = caplog.messages
    assert lines[0] == f"person {WITHHELD} str› wrote {WITHHELD} str›"
    assert lines[1] == f"3 rows in 0.2 s, broadcast, {WITHHELD} Answer›, KeyError"
    assert lines[2] == f"chat {SEALER.pseudonym(PERSON_ID)} and admin {SEALER.pseudonym(42)}, " \
                       "file /data/q.db"
    found = leaks(caplog.text)  # only the withheld values, which the e2e check rejects
    assert found and all(f.startswith("a value withheld") for f in found), found


def test_a_library_message_is_replaced_by_our_description_or_its_place(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    logging.getLogger("asyncpg.pool").warning(
        "Key (user_id)=(%s) already exists: %s", PERSON_ID, NAME)
    logging.getLogger("aiogram.event").info("Update id=%s is %s. Duration %d ms by bot id=%d",
                                            17, "handled", 3.4, PERSON_ID)
    assert caplog.messages[0].startswith("an unlisted event at test_log_privacy.py:")
    assert caplog.messages[1] == "update 17 handled in 3 ms"
    assert leaks(caplog.text) == []


def test_a_warning_quoting_an_update_is_logged_as_its_place() -> None:
    # aiogram warns "Detected unknown update type … Update: {…}" with the whole update in it.
    # A process of its own: pytest catches warnings itself in every test.
    code = ("import logging, sys, warnings\n"
            "logging.basicConfig(stream=sys.stderr, level=logging.INFO)\n"
            "from bot.pipeline import logs\n"
            "logs.install()\n"
            "warnings.warn(sys.argv[1], RuntimeWarning)\n")
    warning = f"Detected unknown update type. Update: {json.dumps(RESPONSE, ensure_ascii=False)}"
    result = subprocess.run([sys.executable, "-c", code, warning], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert "an unlisted event at" in result.stderr, result.stderr
    assert leaks(result.stderr) == []


def test_telegram_descriptions_are_cut_to_a_known_phrase() -> None:
    quoting = f'Bad Request: can\'t parse entities: Unsupported start tag "{NAME}" at byte 3'
    assert telegram_reason(quoting) == "Bad Request: can't parse entities"
    assert telegram_reason("Bad Request: TOPIC_CLOSED") == "Bad Request: TOPIC_CLOSED"
    assert telegram_reason("Forbidden: bot was blocked by the user") == \
        "Forbidden: bot was blocked by the user"
    assert telegram_reason(f"Bad Request: {NAME} said hi") == \
        "Bad Request: an unlisted description"
    error = TelegramBadRequest(SendMessage(chat_id=1, text="x"), quoting)
    assert logs.reduced_traceback(error).endswith(
        "TelegramBadRequest: Bad Request: can't parse entities")


def test_a_validation_error_shows_counts_and_kinds_not_input() -> None:
    class Phone(BaseModel):
        number: int

    with pytest.raises(ValidationError) as info:
        Phone(number=f"менің нөмірім {PHONE}")  # type: ignore[arg-type]
    text = logs.reduced_traceback(info.value)
    assert text.endswith("ValidationError: 1 problem(s): int_parsing") and leaks(text) == []


def test_json_lines_carry_the_same_reduced_record(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    exc = decode_error(json.dumps(RESPONSE))
    logging.getLogger("bot.pipeline.polling").warning("getUpdates failed (%s)", exc,
                                                      exc_info=exc)
    line = logs.JsonFormatter().format(caplog.records[0])
    entry = json.loads(line)
    assert set(entry) == {"time", "level", "logger", "message", "exc"}
    assert entry["message"] == "getUpdates failed (ClientDecodeError)"
    assert leaks(line) == []


def test_a_thread_or_task_dying_is_logged_reduced(caplog: pytest.LogCaptureFixture) -> None:
    async def fails() -> None:
        raise ClientDecodeError("Failed", ValueError(NAME), RESPONSE)

    async def main() -> None:
        task = asyncio.get_running_loop().create_task(fails())
        await asyncio.sleep(0)
        del task  # never awaited: asyncio logs "Task exception was never retrieved"

    asyncio.run(main())
    assert "a task failed and nobody awaited it (ClientDecodeError)" in caplog.text
    assert leaks(caplog.text) == []


def log_calls(tree: ast.AST) -> Iterator[ast.Call]:
    levels = {"debug", "info", "warning", "error", "exception", "critical", "log"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in levels and isinstance(node.func.value, ast.Name) \
                and node.func.value.id in {"log", "logger", "logging"}:
            yield node


def is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant)
                                               and isinstance(node.value, str))


def test_every_log_call_of_ours_has_a_constant_format_and_no_formatted_argument() -> None:
    """The runtime rule shows a plain str as withheld; this one catches what it cannot see:
    a message built before the call (an f-string, str(), format(), %) is not constant."""
    wrong = []
    for path in sorted(p for top in ("bot", "storage", "dialogs")
                       for p in (ROOT / top).rglob("*.py")):
        for call in log_calls(ast.parse(path.read_text(encoding="utf-8"))):
            args = call.args[1:] if call.func.attr == "log" else call.args  # type: ignore
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            if not args or not (isinstance(args[0], ast.Constant) and
                                isinstance(args[0].value, str)):
                wrong.append(f"{where}: the message is not a constant string")
            for arg in args[1:]:
                built = [n for n in ast.walk(arg) if isinstance(n, ast.JoinedStr)
                         or (isinstance(n, ast.BinOp) and is_text(n.left))
                         or (isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                             and n.func.id in {"str", "repr", "format"})]
                if built and not (isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name)
                                  and arg.func.id in {"Safe", "Hashed", "int", "len"}):
                    wrong.append(f"{where}: an argument is built text")
    assert not wrong, "\n".join(wrong)


def test_the_end_to_end_log_check_finds_ids_names_phones_and_texts() -> None:
    from sandbox.fakeapi import FakeTelegram
    from tests.log_check import distinctive_username
    from tests.log_check import leaks as bot_leaks

    tg = FakeTelegram()
    tg.user(7_400_001, "Aigerim", "kk", distinctive_username(7_400_001), last_name="Serikqyzy")
    tg.send_text(7_400_001, "менің күйеуім қорқытады, нөмірім +7 701 234 56 78")
    clean = f"update {SEALER.pseudonym(7_400_001)} handled in 17400001 ms"
    assert bot_leaks(clean, tg) == []
    assert bot_leaks("chat 7400001 failed", tg) == ["id 7400001"]
    assert bot_leaks("hello Aigerim", tg) and bot_leaks("bye Serikqyzy", tg)
    assert bot_leaks(f"from @{distinctive_username(7_400_001)}", tg)
    assert bot_leaks("call 8 (701) 234-56-78", tg) == ["phone 7012…"]
    assert bot_leaks("text: менің күйеуім қорқытады, нөмірім +7 701 234 56 78", tg)
    assert bot_leaks(f"refused: {WITHHELD} str›", tg)
