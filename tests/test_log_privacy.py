"""Log lines carry no ids, usernames or typed text, whoever logs them and however."""

from __future__ import annotations

import logging

import pytest
from pydantic import BaseModel, ValidationError

from bot import logs
from storage.crypto import Sealer, new_key

SEALER = Sealer(new_key())


@pytest.fixture(autouse=True)
def scrubbing() -> None:
    logs.install(SEALER.pseudonym)


def test_ids_in_library_messages_become_stable_pseudonyms() -> None:
    flood = "Flood control exceeded on method 'SendMessage' in chat 712345678"
    scrubbed = logs.scrub(flood, SEALER.pseudonym)
    assert "712345678" not in scrubbed and SEALER.pseudonym(712345678) in scrubbed
    key = "KeyError: StorageKey(bot_id=123456, chat_id=712345678, user_id=712345678)"
    assert "712345678" not in logs.scrub(key, SEALER.pseudonym)
    group = "chat -1001234567890 migrated"
    assert "1234567890" not in logs.scrub(group, SEALER.pseudonym)
    assert logs.scrub("took 1234 ms, 3 retries", SEALER.pseudonym) == "took 1234 ms, 3 retries"


def test_typed_text_quoted_by_pydantic_and_usernames_are_cut() -> None:
    class Phone(BaseModel):
        number: int

    with pytest.raises(ValidationError) as info:
        Phone(number="менің нөмірім жоқ, ол мені ұрады")  # type: ignore[arg-type]
    scrubbed = logs.scrub(str(info.value), SEALER.pseudonym)
    assert "ұрады" not in scrubbed and "input_value=…" in scrubbed
    assert logs.scrub("from @aigerim_k", SEALER.pseudonym) == "from @…"


def test_records_from_any_logger_are_scrubbed_traceback_included(
        caplog: pytest.LogCaptureFixture) -> None:
    try:
        raise KeyError("StorageKey(bot_id=1, chat_id=987654321, user_id=987654321)")
    except KeyError:
        logging.getLogger("aiogram.event").exception("failed for user %s (@%s)", 987654321,
                                                     "secret_user")
    text = caplog.text
    assert "987654321" not in text and "secret_user" not in text
    assert SEALER.pseudonym(987654321) in text and "KeyError" in text


def test_the_end_to_end_log_check_finds_ids_names_and_texts() -> None:
    from sandbox.fakeapi import FakeTelegram
    from tests.log_check import leaks

    tg = FakeTelegram()
    tg.user(7_400_001, "Aigerim", "kk")
    tg.send_text(7_400_001, "менің күйеуім қорқытады")
    clean = f"update {SEALER.pseudonym(7_400_001)} handled in 17400001 ms"
    assert leaks(clean, tg) == []
    assert leaks("chat 7400001 failed", tg) == ["id 7400001"]
    assert leaks("hello Aigerim", tg) and leaks("text: менің күйеуім қорқытады", tg)
