"""A stop is bounded whatever the network does (issue #24): SIGTERM while the Bot API holds every
answer ends the real bot process within SHUTDOWN_GRACE and a few seconds, and what was in
flight stays in the inbox for the next start, which answers it once."""

from __future__ import annotations

import time
from pathlib import Path

from sandbox.fakeapi import ThreadedServer
from tests.harness import BotProcess
from tests.test_e2e_durability import (
    assert_second_question_once,
    in_questionnaire,
    no_apologies,
    press_yes,
)

GRACE = 2.0
PRESSES = 20


def test_sigterm_while_the_bot_api_never_answers_ends_within_the_grace(
        api: ThreadedServer, tmp_path: Path) -> None:
    bot = BotProcess.for_server(api, tmp_path, extra_env={"SHUTDOWN_GRACE": str(GRACE)})
    bot.start()
    answering = in_questionnaire(api, bot, PRESSES)
    # Everything but getUpdates hangs from now on: the screens, the presses' answers, and
    # whatever the bot would send while it stops.
    api.tg.hold("editMessageText", "answerCallbackQuery", "sendMessage", "deleteMessage",
                "editMessageReplyMarkup", "getMe")
    press_yes(answering)
    api.tg.wait_for(lambda: api.tg.parked() >= PRESSES, timeout=20)
    assert bot._proc is not None
    stop_sent = time.monotonic()
    bot._proc.send_signal(15)
    code = bot._proc.wait(GRACE + 30)
    took = time.monotonic() - stop_sent
    api.tg.release()  # the stopped process's calls are dropped: none reached Telegram
    assert code == 0, bot.logs()
    assert took <= GRACE + 5, f"the stop took {took:.1f} s\n{bot.logs()}"
    assert f"{PRESSES} updates left for the next start" in bot.logs()
    assert "Traceback" not in bot.logs()

    bot.start()
    # With replicas the stopped process's updates wait for its leases to run out (10 s).
    api.tg.wait_for(lambda: bot.query("SELECT COUNT(*) FROM inbox") == [(0,)], timeout=40)
    api.tg.wait_idle(quiet=0.5, timeout=30)
    for person in answering:
        assert_second_question_once(person)
    assert no_apologies(api)
    bot.stop()
