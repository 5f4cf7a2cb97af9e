"""Red flags (/danger) over HTTP with the real bot process: the introduction, one question per
screen edited in place, the emergency screen at once on the first yes, the calm summary; the
mark in the sealed dialog data, across a restart, erased by /forget; a pre-assessment under
way left alone; stale and forged presses that change nothing."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dialogs.red_flags import MARK_KEY, PROGRESS_KEY, QUESTIONS, TOTAL
from sandbox.fakeapi import ThreadedServer
from tests.fixtures import FORUM_GROUP, people, real_bot, text
from tests.harness import BotProcess, Person, start_fake_api
from tests.screens import TOTAL as ASSESSMENT_TOTAL
from tests.screens import label, open_menu, plain, start_assessment

GROUP = FORUM_GROUP
_ids = itertools.count(880_001)
ANSWER = {"y": "btn-yes", "n": "btn-no", "u": "btn-unsure"}


api, bot = real_bot("red_flags", forum=True)


person = people(_ids)


# -- helpers -----------------------------------------------------------------------------------
def dialog(bot: BotProcess, user_id: int) -> dict[str, Any] | None:
    """The person's dialog data as stored (sealed at rest), or None when there is none."""
    return bot.stored_dialog(user_id)


def marked(bot: BotProcess, user_id: int) -> bool:
    return (dialog(bot, user_id) or {}).get(MARK_KEY) is True


def is_numbers(p: Person, locale: str) -> bool:
    return plain(locale, "sos-text").splitlines()[0] in text(p)


def on_question(p: Person, locale: str, number: int) -> None:
    shown = text(p)
    assert plain(locale, "rf-progress", number=number, total=TOTAL) in shown, shown
    assert plain(locale, QUESTIONS[number - 1].text) in shown
    assert p.screen is not None
    assert p.screen.labels[-2:] == [label(locale, "btn-sos"), label(locale, "btn-exit")]
    assert len(p.screen.buttons) == 3  # 🆘 and 🚪 without scrolling


def begin(p: Person, locale: str) -> int:
    """/danger, the introduction, Start: the first question. Returns the screen's id."""
    p.send("/danger")
    shown = text(p)
    for msg_id in ("rf-not-instrument", "rf-source", "rf-intro-yes", "rf-intro-kept"):
        assert plain(locale, msg_id) in shown, msg_id
    assert plain(locale, "rf-intro-marked") not in shown
    p.press(label(locale, "rf-btn-start"))
    on_question(p, locale, 1)
    assert p.screen is not None
    return p.screen.message_id


# -- the whole way -----------------------------------------------------------------------------
@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_all_no_gives_the_summary_and_never_the_numbers(
        person: Callable[..., Person], bot: BotProcess, locale: str) -> None:
    p = person(locale)
    screen = begin(p, locale)
    for number in range(1, TOTAL + 1):
        on_question(p, locale, number)
        assert PROGRESS_KEY in (dialog(bot, p.user_id) or {})  # kept while under way
        p.press(label(locale, "btn-no"))
        assert not is_numbers(p, locale)
        assert p.screen is not None and p.screen.message_id == screen  # edited in place
    shown = text(p)
    assert plain(locale, "rf-summary-title") in shown
    assert plain(locale, "rf-summary-no") in shown
    assert plain(locale, "rf-summary-erased") in shown
    assert plain(locale, "rf-summary-yes").splitlines()[0] not in shown
    assert label(locale, "btn-defender") in p.buttons
    assert label(locale, "btn-sos") in p.buttons
    assert dialog(bot, p.user_id) is None  # nothing kept: the row is gone


@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_a_yes_brings_the_numbers_at_once_and_the_mark(
        person: Callable[..., Person], bot: BotProcess, locale: str) -> None:
    p = person(locale)
    screen = begin(p, locale)
    p.press(label(locale, "btn-no"))
    p.press(label(locale, "btn-yes"))  # question 2: threats to kill
    assert p.screen is not None and p.screen.message_id == screen
    assert is_numbers(p, locale)
    shown = text(p)
    assert shown.startswith(plain(locale, "rf-alert-why"))
    assert plain(locale, "rf-alert-urgent") in shown
    assert "112" in shown and "102" in shown
    assert p.buttons == [label(locale, "rf-btn-continue", number=3, total=TOTAL),
                         label(locale, "btn-defender"),
                         label(locale, "btn-menu"), label(locale, "btn-exit")]
    assert marked(bot, p.user_id)  # at once, before the round ends

    p.press(label(locale, "rf-btn-continue", number=3, total=TOTAL))
    on_question(p, locale, 3)
    p.press(label(locale, "btn-unsure"))
    p.press(label(locale, "btn-yes"))  # question 4: a second yes brings a note, not the screen
    on_question(p, locale, 5)
    assert text(p).startswith(plain(locale, "rf-note-again"))
    p.press(label(locale, "btn-no"))
    p.press(label(locale, "btn-no"))
    shown = text(p)
    assert plain(locale, "rf-summary-yes").splitlines()[0] in shown
    for sign in ("kill", "worse"):
        assert f"• {plain(locale, f'rf-sign-{sign}')}" in shown
    assert f"• {plain(locale, 'rf-sign-weapon')}" in shown  # under "not sure"
    assert plain(locale, "rf-summary-unsure") in shown
    assert plain(locale, "rf-summary-marked") in shown
    assert dialog(bot, p.user_id) == {MARK_KEY: True}  # the answers are gone, the mark stays

    p.press(label(locale, "btn-defender"))  # the way to a defender, from the summary
    assert plain(locale, "case-intake-progress", number=1, total=5) in text(p)
    assert marked(bot, p.user_id)


def test_a_yes_to_the_last_question_then_the_summary(person: Callable[..., Person],
                                                     bot: BotProcess) -> None:
    p = person("kk")
    begin(p, "kk")
    for _ in range(TOTAL - 1):
        p.press(label("kk", "btn-no"))
    p.press(label("kk", "btn-yes"))
    assert is_numbers(p, "kk")
    p.press(label("kk", "rf-btn-summary"))
    shown = text(p)
    assert f"• {plain('kk', 'rf-sign-children')}" in shown
    assert plain("kk", "rf-summary-marked") in shown
    assert dialog(bot, p.user_id) == {MARK_KEY: True}


def test_back_corrects_a_wrong_yes(person: Callable[..., Person], bot: BotProcess) -> None:
    p = person("ru")
    begin(p, "ru")
    p.press(label("ru", "btn-yes"))
    assert is_numbers(p, "ru") and marked(bot, p.user_id)
    p.press(label("ru", "rf-btn-continue", number=2, total=TOTAL))
    p.press(label("ru", "btn-back"))
    on_question(p, "ru", 1)
    assert "✓ " + label("ru", "btn-yes") in p.buttons
    p.press(label("ru", "btn-no"))
    on_question(p, "ru", 2)  # the numbers once a round: not again
    assert not marked(bot, p.user_id)
    p.press(label("ru", "btn-back"))
    p.press(label("ru", "btn-back"))  # Back on the first question: the introduction
    assert plain("ru", "rf-not-instrument") in text(p)
    assert label("ru", "rf-btn-start") in p.buttons


def test_a_pre_assessment_under_way_is_left_alone(person: Callable[..., Person],
                                                  bot: BotProcess) -> None:
    p = person("ru")
    start_assessment(p, "ru")
    p.press(label("ru", "btn-no"))
    begin(p, "ru")
    p.press(label("ru", "btn-yes"))
    p.press(label("ru", "btn-menu"))
    assert label("ru", "btn-assess-resume", number=2, total=ASSESSMENT_TOTAL) in p.buttons
    data = dialog(bot, p.user_id)
    assert data is not None and data["assessment"]["answers"] and data[MARK_KEY] is True


# -- kept, and erased --------------------------------------------------------------------------
@pytest.fixture
def own_api() -> Iterator[ThreadedServer]:
    server = start_fake_api()
    server.tg.add_forum_group(GROUP, "Defenders")
    yield server
    server.stop()


def test_the_mark_survives_a_restart_and_forget_erases_it(own_api: ThreadedServer,
                                                          tmp_path: Path) -> None:
    bot = BotProcess.for_server(own_api, tmp_path, extra_env={"DEFENDERS_CHAT_ID": str(GROUP)})
    p = Person(own_api.tg, next(_ids), "kk")
    bot.start()
    try:
        begin(p, "kk")
        p.press(label("kk", "btn-yes"))
        assert is_numbers(p, "kk")
        bot.stop()
        bot.start()
        assert marked(bot, p.user_id)
        p.send("/danger")
        shown = text(p)
        assert plain("kk", "rf-intro-marked") in shown
        assert plain("kk", "rf-intro-under-way", number=2, total=TOTAL) in shown
        p.press(label("kk", "rf-btn-resume", number=2, total=TOTAL))
        on_question(p, "kk", 2)

        p.send("/forget")
        p.press(label("kk", "btn-erase-yes"))
        assert dialog(bot, p.user_id) is None
        p.send("/danger")
        assert plain("kk", "rf-intro-marked") not in text(p)
        assert label("kk", "rf-btn-start") in p.buttons
    finally:
        bot.stop()
    assert "Traceback" not in bot.logs()


# -- presses no screen offers now --------------------------------------------------------------
def test_stale_and_forged_presses_change_nothing(person: Callable[..., Person],
                                                 bot: BotProcess) -> None:
    p = person("ru")
    screen = begin(p, "ru")
    p.press(label("ru", "btn-no"))
    on_question(p, "ru", 2)
    before = dialog(bot, p.user_id)
    for data in ("rfa:0:y",  # Yes on question 1, from before
                 "rfa:1:z", "rfa:x:y", "rfa:99:y", "rfa:-1:y", "rfa:1",  # forged
                 "rf:s:0",  # Start from an old introduction: the round is at question 2
                 "rf:b:0", "rf:r:5", "rf:q:1", "rf:", "rf:b:1:extra"):
        p.press_data(data, screen)
        assert p.callback_answer == plain("ru", "stale-button"), data
        on_question(p, "ru", 2)
        assert dialog(bot, p.user_id) == before, data
        assert not is_numbers(p, "ru")
    assert not marked(bot, p.user_id)

    for _ in range(TOTAL - 1):
        p.press(label("ru", "btn-no"))
    assert plain("ru", "rf-summary-no") in text(p)
    for data in ("rfa:5:y", "rf:r:6", "rf:b:5"):  # after the end: nothing to answer
        p.press_data(data, screen)
        assert p.callback_answer == plain("ru", "stale-button"), data
        assert plain("ru", "rf-not-instrument") in text(p)  # the introduction
        assert dialog(bot, p.user_id) is None, data


# -- with the rest of the bot: the intake, the menu, /cancel, /mydata --------------------------
def request_after_a_yes(p: Person, locale: str) -> str:
    begin(p, locale)
    p.press(label(locale, "btn-yes"))
    p.press(label(locale, "btn-defender"))
    p.press(label(locale, "region-astana"))
    p.press(label(locale, "btn-no"))  # children
    p.press(label(locale, "btn-no"))  # in danger right now: no
    p.press(label(locale, "btn-contact-bot"))
    p.press(label(locale, "btn-intake-skip"))
    return text(p)


def test_a_request_after_a_yes_is_urgent(person: Callable[..., Person]) -> None:
    p = person("ru")
    preview = request_after_a_yes(p, "ru")
    assert plain("ru", "case-urgent") in preview


def test_the_summary_tells_the_defenders(person: Callable[..., Person]) -> None:
    p = person("kk")
    preview = request_after_a_yes(p, "kk")
    assert plain("kk", "rf-case-note") in preview


def test_the_menu_opens_the_introduction(person: Callable[..., Person]) -> None:
    p = person("kk")
    open_menu(p, "kk")
    p.press(label("kk", "btn-red-flags"))
    assert plain("kk", "rf-not-instrument") in text(p)


def test_cancel_keeps_the_mark(person: Callable[..., Person], bot: BotProcess) -> None:
    p = person("ru")
    begin(p, "ru")
    p.press(label("ru", "btn-yes"))
    p.send("/cancel")
    assert dialog(bot, p.user_id) == {MARK_KEY: True}


def test_mydata_tells_of_the_mark(person: Callable[..., Person]) -> None:
    p = person("ru")
    begin(p, "ru")
    p.press(label("ru", "btn-yes"))
    p.send("/mydata")
    assert plain("ru", "rf-mydata-mark") in text(p)
    assert plain("ru", "rf-mydata-answers", count=1) in text(p)
