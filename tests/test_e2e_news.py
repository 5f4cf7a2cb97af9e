"""Legal news subscriptions, end to end over HTTP with the real bot process: the warning before
subscribing, silent by default, notifications on and off, unsubscribing that keeps nothing, the
language following the person's, blocking, and /forget."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from tests.harness import BotProcess, Person
from tests.screens import from_more, label, open_menu, plain

Row = tuple[str, int, int] | None  # locale, silent, active


def stored(bot_process: BotProcess, person: Person) -> Row:
    rows = bot_process.query("SELECT locale, silent, active FROM subscriptions WHERE chat_id = ?",
                             (bot_process.keyed_id(person.user_id),))
    return rows[0] if rows else None


def wait_stored(bot_process: BotProcess, person: Person, expected: Row,
                timeout: float = 5.0) -> None:
    """The commit follows the answer by a moment: wait for the row to be as expected."""
    deadline = time.monotonic() + timeout
    while (row := stored(bot_process, person)) != expected:
        assert time.monotonic() < deadline, f"subscription row {row!r}, expected {expected!r}"
        time.sleep(0.05)


def open_news(person: Person, locale: str) -> None:
    open_menu(person, locale)
    from_more(person, locale, "btn-news")


@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_subscribe_silently_after_the_warning(make_person: Callable[..., Person],
                                              bot_process: BotProcess, locale: str) -> None:
    person = make_person(locale)
    open_news(person, locale)
    text = person.screen.text
    for msg_id in ("news-offer", "news-warning", "news-reminder"):
        assert plain(locale, msg_id) in text
    assert person.buttons[:3] == [label(locale, "btn-news-silent"),
                                  label(locale, "btn-news-loud"), label(locale, "btn-back")]
    assert stored(bot_process, person) is None  # looking at the offer subscribes no one

    person.press(label(locale, "btn-news-silent"))
    wait_stored(bot_process, person, (locale, 1, 1))
    text = person.screen.text
    assert plain(locale, "news-subscribed", language=locale) in text
    assert plain(locale, "news-silent") in text
    assert label(locale, "btn-news-make-loud") in person.buttons
    assert label(locale, "btn-news-stop") in person.buttons


def test_notifications_on_and_off_then_unsubscribe(make_person: Callable[..., Person],
                                                   bot_process: BotProcess) -> None:
    person = make_person("ru")
    open_news(person, "ru")
    person.press(label("ru", "btn-news-loud"))
    wait_stored(bot_process, person, ("ru", 0, 1))
    assert plain("ru", "news-loud") in person.screen.text

    person.press(label("ru", "btn-news-make-silent"))
    wait_stored(bot_process, person, ("ru", 1, 1))
    assert plain("ru", "news-silent") in person.screen.text
    person.press(label("ru", "btn-news-make-loud"))
    wait_stored(bot_process, person, ("ru", 0, 1))
    person.press(label("ru", "btn-news-stop"))
    wait_stored(bot_process, person, None)  # nothing is kept
    assert person.screen.text.startswith(plain("ru", "news-off"))
    assert label("ru", "btn-more") in person.buttons  # the menu


def test_an_old_screen_does_not_resubscribe(make_person: Callable[..., Person],
                                            bot_process: BotProcess) -> None:
    person = make_person("ru")
    person.send("/subscribe")
    person.press(label("ru", "btn-news-silent"))
    person.send("/subscribe")  # the state on a message of its own, left behind below
    old_screen = person.screen
    person.send("/unsubscribe")
    wait_stored(bot_process, person, None)
    person.press(label("ru", "btn-news-make-loud"), message_id=old_screen.message_id)
    edited = person.tg.message(person.chat_id, old_screen.message_id)
    assert plain("ru", "news-offer") in edited.text  # shown as it is: not subscribed
    assert stored(bot_process, person) is None


def test_subscribe_and_unsubscribe_commands(make_person: Callable[..., Person],
                                            bot_process: BotProcess, fake_api) -> None:
    for language in ("kk", "ru", ""):
        names = [c["command"] for c in fake_api.tg.commands("all_private_chats", language)]
        assert {"subscribe", "unsubscribe"} <= set(names), (language, names)

    person = make_person("kk")
    person.send("/subscribe")
    assert plain("kk", "news-warning") in person.screen.text  # never subscribed unwarned
    assert stored(bot_process, person) is None
    person.press(label("kk", "btn-news-silent"))
    wait_stored(bot_process, person, ("kk", 1, 1))
    person.send("/subscribe")
    assert plain("kk", "news-subscribed", language="kk") in person.screen.text

    person.send("/unsubscribe")
    wait_stored(bot_process, person, None)
    assert person.screen.text.startswith(plain("kk", "news-off"))
    person.send("/unsubscribe")  # the same neutral line when there was nothing to end
    assert person.screen.text.startswith(plain("kk", "news-off"))


def test_the_news_language_follows_the_persons(make_person: Callable[..., Person],
                                               bot_process: BotProcess) -> None:
    person = make_person("ru")
    open_news(person, "ru")
    person.press(label("ru", "btn-news-silent"))
    wait_stored(bot_process, person, ("ru", 1, 1))
    person.send("/language")
    person.press("Қазақша")
    wait_stored(bot_process, person, ("kk", 1, 1))
    person.send("/subscribe")
    assert plain("kk", "news-subscribed", language="kk") in person.screen.text

    other = make_person("ru")  # not subscribed: a language change creates no subscription
    open_menu(other, "ru")
    other.send("/language")
    other.press("English")
    assert stored(bot_process, other) is None


def test_blocking_deactivates_and_coming_back_does_not_resubscribe(
        make_person: Callable[..., Person], bot_process: BotProcess) -> None:
    person = make_person("ru")
    open_news(person, "ru")
    person.press(label("ru", "btn-news-loud"))
    wait_stored(bot_process, person, ("ru", 0, 1))
    old_screen = person.screen

    person.block()  # the fake sends my_chat_member (kicked)
    wait_stored(bot_process, person, ("ru", 0, 0))
    person.unblock()
    open_menu(person, "ru")  # /start again
    time.sleep(0.3)
    assert stored(bot_process, person) == ("ru", 0, 0)
    from_more(person, "ru", "btn-news")
    assert plain("ru", "news-offer") in person.screen.text  # shown as not subscribed
    # the old screen's toggle does not bring the news back either
    person.press(label("ru", "btn-news-make-silent"), message_id=old_screen.message_id)
    assert stored(bot_process, person) == ("ru", 0, 0)

    person.press(label("ru", "btn-news-silent"))  # only the person's own press does
    wait_stored(bot_process, person, ("ru", 1, 1))


def test_forget_ends_the_subscription(make_person: Callable[..., Person],
                                      bot_process: BotProcess) -> None:
    person = make_person("kk")
    open_news(person, "kk")
    person.press(label("kk", "btn-news-silent"))
    wait_stored(bot_process, person, ("kk", 1, 1))
    person.send("/forget")
    person.press(label("kk", "btn-erase-yes"))
    wait_stored(bot_process, person, None)

