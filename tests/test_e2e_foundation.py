"""The real bot process over HTTP: first contact, languages, commands, restarts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.harness import BotProcess, Person, start_bot, start_fake_api
from tests.screens import (
    THRESHOLD,
    TOTAL,
    answer_all,
    from_more,
    label,
    open_menu,
    plain,
    skip_trace_tips,
    start_assessment,
)


def test_start_in_a_russian_client(make_person: Callable[..., Person]) -> None:
    person = make_person("ru")
    person.send("/start")
    assert person.screen is not None
    assert plain("ru", "start-greeting") == person.screen.text
    assert label("ru", "btn-danger-yes") in person.buttons
    person.press(label("ru", "btn-danger-no"))
    assert plain("ru", "trace-title") in person.screen.text  # once, before the menu
    person.press(label("ru", "btn-trace-skip"))
    assert person.screen.text == plain("ru", "menu-title")
    assert label("ru", "btn-assess") in person.buttons
    assert label("ru", "btn-exit") in person.buttons


def test_start_in_a_kazakh_client(make_person: Callable[..., Person]) -> None:
    person = make_person("kk")
    person.send("/start")
    assert person.screen is not None and person.screen.text == plain("kk", "start-greeting")
    person.press(label("kk", "btn-danger-no"))
    assert plain("kk", "trace-title") in person.screen.text  # once, before the menu
    person.press(label("kk", "btn-trace-skip"))
    assert person.screen.text == plain("kk", "menu-title")
    assert label("kk", "btn-rights") in person.buttons


def test_other_clients_are_offered_a_choice(make_person: Callable[..., Person]) -> None:
    person = make_person("de")
    person.send("/start")
    assert person.buttons[:3] == ["Қазақша", "Русский", "English"]
    person.press("Қазақша")
    assert person.screen is not None and person.screen.text == plain("kk", "start-greeting")
    person.send("/start")  # the choice is stored
    assert person.screen.text == plain("kk", "start-greeting")


def test_language_command_switches_at_any_time(make_person: Callable[..., Person]) -> None:
    person = make_person("ru")
    open_menu(person, "ru")
    person.send("/language")
    person.press("English")
    assert person.screen is not None
    assert person.screen.text.startswith(plain("en", "language-changed"))
    assert label("en", "btn-assess") in person.buttons
    person.send("/start")
    assert person.screen.text == plain("en", "start-greeting")
    person.press(label("en", "btn-danger-no"))  # the trace tips were shown by open_menu
    from_more(person, "en", "btn-language")  # and from the menu
    person.press("Русский")
    assert label("ru", "btn-rights") in person.buttons


def test_help_and_cancel(make_person: Callable[..., Person]) -> None:
    person = make_person("ru")
    person.send("/help")
    assert person.screen is not None and "/forget" in person.screen.text
    start_assessment(person, "ru")
    person.send("/cancel")
    assert person.screen.text.startswith(plain("ru", "cancel-done"))
    assert label("ru", "btn-assess") in person.buttons  # no questionnaire to resume


def test_command_menus_per_language(fake_api, bot_process: BotProcess) -> None:
    for language in ("kk", "ru", ""):
        commands = fake_api.tg.commands("all_private_chats", language)
        names = [c["command"] for c in commands]
        assert names[:3] == ["start", "help", "sos"], (language, names)
    kk = fake_api.tg.commands("all_private_chats", "kk")
    assert kk[0]["description"] == plain("kk", "cmd-start")


def test_restart_mid_dialog_resumes_the_same_step(tmp_path: Path) -> None:
    server = start_fake_api()
    bot = start_bot(server, tmp_path)
    try:
        person = Person(server.tg, 424242, "kk")
        start_assessment(person, "kk")
        person.press(label("kk", "btn-yes"))  # 1.1: 3 points
        person.press(label("kk", "btn-no"))  # 1.2
        screen_before = person.screen
        assert screen_before is not None
        assert plain("kk", "question-progress", number=3, total=TOTAL) in screen_before.text

        bot.kill()  # no goodbye: as if the machine lost power
        bot.start()

        person.send("сәлем")  # free text after the restart: a calm note, the question stays
        assert person.screen.text.startswith(plain("kk", "typed-kept", count=1))
        kept = server.tg.message(person.chat_id, screen_before.message_id)
        assert kept is not None and kept.text == screen_before.text
        # the screen from before the restart still works: it shows the same question (1.3: 5)
        person.press(label("kk", "btn-yes"), message_id=screen_before.message_id)
        edited = server.tg.message(person.chat_id, screen_before.message_id)
        assert edited is not None
        assert plain("kk", "question-progress", number=4, total=TOTAL) in edited.text
        bot.stop()
        assert bot.returncode == 0  # SIGTERM ends polling gracefully
        bot.start()
        person.send("/start")
        person.press(label("kk", "btn-danger-no"))
        skip_trace_tips(person, "kk")
        person.press(label("kk", "btn-assess-resume", number=4, total=TOTAL))
        for _ in range(13):
            person.press(label("kk", "btn-no"))
        assert plain("kk", "result-title") in person.screen.text
        # 1.1 and 1.3 were kept across both restarts: 3 + 5 = 8 in the physical block
        assert plain("kk", "result-points", points=8, threshold=THRESHOLD) in person.screen.text
    finally:
        bot.stop()
        server.stop()


def test_answer_all_helper_reaches_the_result(make_person: Callable[..., Person]) -> None:
    person = make_person("ru")
    start_assessment(person, "ru")
    answer_all(person, "ru", {})
    assert person.screen is not None
    assert plain("ru", "result-title") in person.screen.text
