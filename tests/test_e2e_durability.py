"""Nothing a person sent is lost: kill -9 between Telegram handing out a batch and the answers,
SIGTERM with updates in flight, Telegram's 429s under load, an update no one can parse, and a
TELEGRAM_API_URL that is not a Bot API. Each with the real bot process over HTTP."""

from __future__ import annotations

import time
from pathlib import Path

from sandbox.fakeapi import RateLimits, ThreadedServer
from tests.harness import BotProcess, Person
from tests.screens import TOTAL, label, plain, start_assessment

_ids = iter(range(810_001, 899_999))


def newcomers(api: ThreadedServer, count: int) -> list[Person]:
    return [Person(api.tg, next(_ids), "kk") for _ in range(count)]


def greetings(person: Person) -> int:
    """How many times the bot greeted this person (sent, edited or not)."""
    return sum(1 for c in person.tg.calls_to("sendMessage")
               if c.status == 200 and str(c.params.get("chat_id")) == str(person.chat_id)
               and c.params.get("text") == label("kk", "start-greeting"))


def wait_acknowledged(api: ThreadedServer) -> None:
    """Until Telegram's side counts every update delivered (getUpdates asked past them)."""
    api.tg.wait_for(lambda: api.tg.pending_updates() == 0, timeout=10)


def starts_waiting_on_telegram(api: ThreadedServer, count: int, *held: str) -> list[Person]:
    """`count` newcomers send /start; Telegram has acknowledged the updates, and the bot's
    answers hang unanswered (held) until api.tg.release()."""
    api.tg.hold(*(held or ("sendMessage",)))
    already = api.tg.parked()
    new = newcomers(api, count)
    for person in new:
        person.send("/start", wait=False)
    wait_acknowledged(api)
    # Every greeting has reached Telegram and waits there: none is still on its way when a
    # test kills the bot (one that arrives after release() would rightly be carried out).
    api.tg.wait_for(lambda: api.tg.parked() >= already + count, timeout=15)
    return new


def no_apologies(api: ThreadedServer) -> bool:
    error = label("kk", "error-generic")
    return not [c for c in api.tg.calls_to("sendMessage") if c.params.get("text") == error]


def in_questionnaire(api: ThreadedServer, bot: BotProcess, count: int) -> list[Person]:
    people = newcomers(api, count)
    for person in people:
        start_assessment(person, "kk")
    return people


def press_yes(people: list[Person]) -> None:
    for person in people:
        person.press(label("kk", "btn-yes"), wait=False)


def assert_second_question_once(person: Person) -> None:
    screen = person.screen
    assert screen is not None
    assert plain("kk", "question-progress", number=2, total=TOTAL) in screen.text
    person.press(label("kk", "btn-back"))  # the first answer was recorded, once
    assert plain("kk", "question-previous", answer="y") in person.screen.text


def test_kill_9_after_a_batch_was_handed_out_loses_nothing(api: ThreadedServer,
                                                            tmp_path: Path) -> None:
    bot = BotProcess.for_server(api, tmp_path).start()
    answering = in_questionnaire(api, bot, 10)
    api.tg.hold("editMessageText", "answerCallbackQuery")
    press_yes(answering)
    api.tg.wait_for(lambda: api.tg.parked() >= len(answering), timeout=15)
    new = starts_waiting_on_telegram(api, 20, "sendMessage", "editMessageText",
                                     "answerCallbackQuery")
    bot.kill()
    api.tg.release()  # the requests of the dead process are dropped, as if never sent
    assert all(greetings(p) == 0 for p in new)

    bot.start()
    # With replicas the dead process's updates wait for its leases to run out (10 s).
    api.tg.wait_for(lambda: all(greetings(p) for p in new), timeout=30)
    api.tg.wait_idle(quiet=0.5, timeout=30)
    assert [greetings(p) for p in new] == [1] * len(new)
    for person in answering:
        assert_second_question_once(person)
    assert "Traceback" not in bot.logs()
    bot.stop()


def test_sigterm_lets_updates_in_flight_finish(api: ThreadedServer, tmp_path: Path) -> None:
    bot = BotProcess.for_server(api, tmp_path).start()
    new = starts_waiting_on_telegram(api, 20)
    bot._proc.send_signal(15)
    time.sleep(0.5)
    api.tg.release()
    assert bot._proc.wait(15) == 0
    assert [greetings(p) for p in new] == [1] * len(new)
    assert no_apologies(api)
    assert "Traceback" not in bot.logs()


def test_sigterm_past_the_grace_period_leaves_the_rest_for_the_next_start(
        api: ThreadedServer, tmp_path: Path) -> None:
    bot = BotProcess.for_server(api, tmp_path, extra_env={"SHUTDOWN_GRACE": "0.5"}).start()
    new = starts_waiting_on_telegram(api, 10)
    assert bot.stop(timeout=15) == 0
    api.tg.release()
    assert all(greetings(p) == 0 for p in new)
    assert "10 updates left for the next start" in bot.logs()
    bot.start()
    # With replicas the dead process's updates wait for its leases to run out (10 s).
    api.tg.wait_for(lambda: all(greetings(p) for p in new), timeout=30)
    api.tg.wait_idle(quiet=0.5, timeout=30)
    assert [greetings(p) for p in new] == [1] * len(new)
    bot.stop()


def test_under_telegrams_limits_every_screen_arrives_late_never_an_apology(
        api: ThreadedServer, tmp_path: Path) -> None:
    api.tg.set_rate_limits(RateLimits(global_per_second=10))  # a tight global limit
    bot = BotProcess.for_server(api, tmp_path).start()
    new = newcomers(api, 60)
    for person in new:
        person.send("/start", wait=False)
    # quiet alone may end before a busy machine's first reply: wait for the replies
    api.tg.wait_for(lambda: all(greetings(p) for p in new), timeout=60)
    api.tg.wait_idle(quiet=1.0, timeout=60)
    assert [greetings(p) for p in new] == [1] * len(new)
    assert no_apologies(api)
    bot.stop()


def test_an_update_that_cannot_be_parsed_is_set_aside_without_blocking_others(
        api: ThreadedServer, tmp_path: Path) -> None:
    bot = BotProcess.for_server(api, tmp_path).start()
    bad = api.tg.push_raw_update("message", {
        "message_id": "not a number", "date": 0, "text": "SECRET-UNPARSEABLE-99",
        "chat": {"id": 5, "type": "private"}, "from": {"id": 5, "is_bot": False,
                                                      "first_name": "SECRET-NAME"}})
    new = newcomers(api, 5)
    for person in new:
        person.send("/start", wait=False)
    # quiet alone may end before a busy machine's first reply: wait for the replies
    api.tg.wait_for(lambda: all(greetings(p) for p in new), timeout=20)
    api.tg.wait_idle(quiet=0.5, timeout=20)
    assert [greetings(p) for p in new] == [1] * len(new)
    bot.stop()
    logs = bot.logs()
    assert f"update {bad} cannot be read" in logs
    assert "SECRET" not in logs
    assert bot.query("SELECT update_id, state FROM inbox") == [(bad, "rejected")]
