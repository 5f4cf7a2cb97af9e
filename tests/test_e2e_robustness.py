"""Never crash on input: any message type, in any state, forged presses, floods, Telegram errors."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from sandbox.fakeapi import ThreadedServer
from tests.harness import BotProcess, Person
from tests.screens import (
    EDITION,
    THRESHOLD,
    TOTAL,
    block_line,
    label,
    open_menu,
    plain,
    start_assessment,
)

UNEXPECTED = ["sticker", "photo", "text", "voice", "forged", "stale", "command", "location",
              "video_note", "document", "contact", "dice", "animation", "audio", "poll", "video"]
FORGED = ["a:abc:y", "zz", "a:0:x", "go:nowhere", "g:physical:999", "g:nope:0", "r:99", "l:de",
          "q:1:explode", "f:maybe", "x:extra:parts", "a:" + "9" * 55 + ":y"]


def poke(person: Person, how: str, old_screen_id: int) -> None:
    if how == "text":
        person.send("Мен не істерімді білмеймін <b>&</b>")
    elif how == "command":
        person.send("/nonsense")
    elif how == "forged":
        person.press_data("a:77:y", old_screen_id)
    elif how == "stale":  # the first question's "yes", pressed again after it was answered
        person.press_data("a:0:y", old_screen_id)
    else:
        person.send_media(how)


def test_unexpected_input_at_every_question_loses_no_answer(
        make_person: Callable[..., Person]) -> None:
    person = make_person("kk")
    start_assessment(person, "kk")
    first = person.screen
    assert first is not None
    answers = {"1.1": "y", "1.2": "y", "2.1": "y", "3.4": "y", "4.3": "u"}
    for number, (criterion, how) in enumerate(zip(EDITION.criteria, UNEXPECTED, strict=True),
                                              start=1):
        if number > 1:
            poke(person, how, first.message_id)
        # the question stays on its screen: what was typed gets a note below it
        screen = person.tg.message(person.chat_id, first.message_id)
        assert screen is not None
        assert plain("kk", "question-progress", number=number, total=TOTAL) in screen.text, how
        assert criterion.question.get("kk") in screen.text
        button = {"y": "btn-yes", "n": "btn-no", "u": "btn-unsure"}[answers.get(criterion.id, "n")]
        person.press(label("kk", button), message_id=first.message_id)
    result = person.tg.message(person.chat_id, first.message_id)
    text = result.text if result else ""
    assert block_line("kk", "physical", 5) in text
    assert block_line("kk", "psychological", 3) in text
    assert block_line("kk", "economic", 4) in text
    assert plain("kk", "result-recognised", threshold=THRESHOLD) in text
    assert plain("kk", "error-generic") not in [m.text for m in person.history()]


def test_forged_presses_get_a_calm_answer(make_person: Callable[..., Person],
                                          bot_process: BotProcess) -> None:
    person = make_person("ru")
    open_menu(person, "ru")
    menu = person.screen
    assert menu is not None
    for data in FORGED:
        person.press_data(data, menu.message_id)
        assert person.callback_answer == plain("ru", "stale-button"), data
    person.press_data(None, menu.message_id)  # a press with no data at all
    assert person.screen is not None and label("ru", "btn-rights") in person.buttons
    assert plain("ru", "error-generic") not in [m.text for m in person.history()]


def test_every_message_type_in_the_menu_state(make_person: Callable[..., Person]) -> None:
    person = make_person("ru")
    open_menu(person, "ru")
    menu = person.screen
    assert menu is not None
    notes = set()
    for count, kind in enumerate(("sticker", "photo", "voice", "video", "document",
                                  "location", "contact"), start=1):
        person.send_media(kind)  # one calm note, edited in place; the menu above stays
        assert person.screen is not None
        assert person.screen.text.startswith(plain("ru", "typed-kept", count=count)), kind
        notes.add(person.screen.message_id)
        assert person.tg.message(person.chat_id, menu.message_id).text == menu.text
    assert len(notes) == 1


def test_commands_out_of_order(make_person: Callable[..., Person]) -> None:
    person = make_person("ru")
    person.send("/cancel")  # before /start
    assert person.screen is not None
    assert person.screen.text.startswith(plain("ru", "cancel-nothing"))
    person.send("/forget")
    person.press(label("ru", "btn-erase-yes"))
    assert person.screen.text == plain("ru", "forget-done")
    person.send("/language")  # after erasing everything
    person.press("Қазақша")  # a first choice again: the person is new to the bot
    assert person.screen.text == plain("kk", "start-greeting")


def test_a_flood_is_survived_and_the_bot_still_answers(
        make_person: Callable[..., Person], bot_process: BotProcess) -> None:
    person = make_person("ru")
    started = time.monotonic()
    for i in range(60):
        person.send(f"flood {i}", wait=False)
    person.wait_idle()
    texts = [m.text for m in person.bot_messages()]
    assert texts.count(plain("ru", "flood-notice")) == 1  # one calm notice per flood
    # A burst (FLOOD_BURST 30) is answered, and what refills meanwhile (3 a second, more on a
    # slower database); the rest of the flood is dropped.
    refilled = math.ceil(3 * (time.monotonic() - started))
    assert 1 <= len(texts) - 1 <= min(30 + refilled, 40)
    time.sleep(1.5)  # the bucket refills
    person.send("/start")
    assert person.screen is not None and person.screen.text == plain("ru", "start-greeting")
    assert bot_process.running


def test_telegram_429_is_retried_and_the_answer_arrives(
        make_person: Callable[..., Person], fake_api: ThreadedServer) -> None:
    person = make_person("ru")
    fake_api.tg.inject_error("sendMessage", status=429, retry_after=1, times=1,
                             chat_id=person.chat_id)
    person.send("/start")
    person.tg.wait_for(lambda: person.screen is not None, timeout=5)
    assert person.screen is not None and person.screen.text == plain("ru", "start-greeting")


def test_a_person_who_blocked_the_bot_does_not_break_it(
        make_person: Callable[..., Person], bot_process: BotProcess) -> None:
    person = make_person("ru")
    open_menu(person, "ru")
    person.block()
    person.send("/start")  # the reply fails with 403 Forbidden
    person.unblock()
    person.send("/start")
    assert person.screen is not None and person.screen.text == plain("ru", "start-greeting")
    assert bot_process.running


def test_groups_are_ignored(fake_api: ThreadedServer, bot_process: BotProcess) -> None:
    tg = fake_api.tg
    tg.add_group(-100555, "Some group")
    stranger = Person(tg, 990_001, "ru")
    tg.set_member(-100555, stranger.user_id)
    tg.send_text(stranger.user, "/start", chat_id=-100555)
    tg.send_media(stranger.user, "sticker", chat_id=-100555)
    tg.wait_idle()
    assert tg.bot_messages(-100555) == []


def test_logs_hold_no_message_contents(make_person: Callable[..., Person],
                                       bot_process: BotProcess) -> None:
    person = make_person("ru")
    person.send("Мой муж SECRET-PHRASE-4711 бьёт меня")
    person.send("/start")
    logs = bot_process.logs()
    assert "SECRET-PHRASE-4711" not in logs
    assert str(person.user_id) not in logs


def test_two_quick_presses_on_one_question_count_once(make_person: Callable[..., Person]) -> None:
    person = make_person("ru")
    start_assessment(person, "ru")
    screen = person.screen
    assert screen is not None
    yes = next(b.callback_data for row in screen.buttons for b in row
               if b.text == label("ru", "btn-yes"))
    no = next(b.callback_data for row in screen.buttons for b in row
              if b.text == label("ru", "btn-no"))
    first = person.tg.press(person.user, screen.message_id, yes)
    second = person.tg.press(person.user, screen.message_id, no)
    person.tg.wait_for(lambda: {first, second} <= set(person.tg.callback_answers), timeout=10)
    person.wait_idle()
    answers = person.tg.callback_answers
    assert answers[second]["text"] == plain("ru", "stale-button")  # handled after the first
    assert plain("ru", "question-progress", number=2, total=TOTAL) in person.screen.text
    person.press(label("ru", "btn-back"))
    assert plain("ru", "question-previous", answer="y") in person.screen.text


def test_a_failure_is_logged_without_contents_and_the_person_gets_a_calm_reply(
        make_person: Callable[..., Person], fake_api: ThreadedServer,
        bot_process: BotProcess) -> None:
    person = make_person("kk")
    open_menu(person, "kk")
    fake_api.tg.inject_error("editMessageText", status=400, times=1, chat_id=person.chat_id,
                             description="Bad Request: something unexpected")
    fake_api.tg.inject_error("sendMessage", status=400, times=1, chat_id=person.chat_id,
                             description="Bad Request: something unexpected")
    person.press(label("kk", "btn-rights"))  # the edit fails, then sending anew fails too
    assert person.screen is not None and person.screen.text == plain("kk", "error-generic")
    assert "failed: TelegramBadRequest" in bot_process.logs()
    person.press(label("kk", "btn-sos"), message_id=person.history()[-2].message_id)
    assert "112" in person.screen.text  # and the bot goes on working


def test_whatever_someone_new_sends_first_they_meet_the_safety_question(
        make_person: Callable[..., Person]) -> None:
    person = make_person("kk")
    person.send("Сәлеметсіз бе, маған көмек керек")
    assert person.screen is not None and person.screen.text == plain("kk", "start-greeting")
    stranger = make_person("en")
    stranger.send_media("photo")
    assert stranger.buttons[:3] == ["Қазақша", "Русский", "English"]
