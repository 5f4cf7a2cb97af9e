"""The safety plan end to end, with the real bot process against the stand-in Bot API: built
step by step on one screen edited in place, each typed answer deleted from the chat once stored,
sealed in the database file, kept across a restart, shown whole and deleted; forged presses
change nothing, and a message meant for something else is never taken for an answer."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from typing import Any

import pytest

from sandbox.fakeapi import ThreadedServer
from tests.fixtures import real_bot
from tests.harness import BotProcess, Person
from tests.screens import label, plain

_ids = itertools.count(7_931_000_001)
ANSWER = {"contact": "Айгүл апай +7 701 234 56 78", "word": "Сары шай ішейік",
          "place": "Тараздағы әпкеме <b>бара аламын</b> & т.б."}
SECRETS = ("Айгүл апай", "7012345678", "701 234 56 78", "Сары шай", "Тараздағы", "әпкеме")


api, bot = real_bot("plan")


@pytest.fixture
def person(api: ThreadedServer, bot: BotProcess) -> Callable[[str], Person]:
    return lambda locale: Person(api.tg, next(_ids), locale)


# -- helpers ------------------------------------------------------------------------------------
def row(bot: BotProcess, person: Person) -> tuple[str, int] | None:
    rows = bot.query("SELECT plan, updated_at FROM safety_plans WHERE user_id = ?",
                     (bot.keyed_id(person.user_id),))
    return rows[0] if rows else None


def stored(bot: BotProcess, person: Person) -> dict[str, Any] | None:
    """The plan as the bot stored it, opened with the bot's own key."""
    found = row(bot, person)
    return json.loads(bot.sealer().open(found[0])) if found else None


def wait_stored(bot: BotProcess, person: Person, check: Callable[[dict[str, Any] | None], bool],
                timeout: float = 5.0) -> dict[str, Any] | None:
    """The commit follows the answer by a moment: wait until the stored plan passes `check`."""
    deadline = time.monotonic() + timeout
    while not check(plan := stored(bot, person)):
        assert time.monotonic() < deadline, f"stored plan: {plan!r}"
        time.sleep(0.05)
    return plan


def text(person: Person) -> str:
    assert person.screen is not None
    return person.screen.text


def screen_id(person: Person) -> int:
    assert person.screen is not None
    return person.screen.message_id


def typed(person: Person, words: str) -> int:
    """Type an answer; returns the id of the person's message."""
    return int(person.send(words)["message_id"])


def deleted(api: ThreadedServer, person: Person, message_id: int) -> bool:
    message = api.tg.message(person.chat_id, message_id)
    return message is not None and message.deleted


def open_plan(person: Person, locale: str) -> int:
    person.send("/plan")
    assert plain(locale, "plan-title") in text(person)
    return screen_id(person)


def open_section(person: Person, locale: str, title_id: str) -> None:
    person.press(label(locale, title_id))  # the button reads "▫️ title" or "✅ title"
    assert plain(locale, title_id) in text(person)


def build_plan(api: ThreadedServer, person: Person, locale: str = "kk") -> int:
    """Every section filled in, as a person would; returns the screen's message id."""
    screen = open_plan(person, locale)
    for title in ("plan-contacts", "plan-code-word", "plan-violence", "plan-ready",
                  "plan-place"):
        assert f"▫️ {plain(locale, title)}" in person.buttons

    open_section(person, locale, "plan-contacts")
    person.press(label(locale, "plan-btn-add"))
    assert plain(locale, "plan-ask-contacts").splitlines()[0] in text(person)
    assert label(locale, "btn-menu") not in person.buttons  # the prompt: Cancel, 🆘, 🚪
    assert label(locale, "btn-exit") in person.buttons
    mine = typed(person, ANSWER["contact"])
    assert deleted(api, person, mine)
    assert "Айгүл апай — +77012345678" in text(person)
    assert plain(locale, "plan-saved-deleted") in text(person)
    person.press(label(locale, "plan-btn-back"))

    open_section(person, locale, "plan-code-word")
    person.press(label(locale, "plan-btn-write"))
    mine = typed(person, ANSWER["word"])
    assert deleted(api, person, mine)
    assert ANSWER["word"] in text(person)
    person.press(label(locale, "plan-btn-back"))

    open_section(person, locale, "plan-violence")
    person.press(label(locale, "plan-item-rooms"))
    person.press(label(locale, "plan-item-children"))
    assert f"✅ {plain(locale, 'plan-item-children-more')}" in text(person)
    person.press(label(locale, "plan-btn-back"))

    open_section(person, locale, "plan-ready")
    for item in ("plan-item-id", "plan-item-birth", "plan-item-charger"):
        person.press(label(locale, item))
    assert plain(locale, "plan-ticked", count=3, total=12) in text(person)
    person.press(label(locale, "plan-btn-back"))

    open_section(person, locale, "plan-place")
    person.press(label(locale, "plan-btn-write"))
    mine = typed(person, ANSWER["place"])
    assert deleted(api, person, mine)
    assert ANSWER["place"] in text(person)  # as typed: escaped, not taken for formatting
    person.press(label(locale, "plan-btn-back"))

    for title in ("plan-contacts", "plan-code-word", "plan-violence", "plan-ready",
                  "plan-place"):
        assert f"✅ {plain(locale, title)}" in person.buttons
    assert screen_id(person) == screen  # one screen all along, edited in place
    return screen


EXPECTED = {"v": 1, "contacts": [["Айгүл апай", "+77012345678"]], "code": ANSWER["word"],
            "violence": ["rooms", "children"], "ready": ["id", "birth", "charger"],
            "place": ANSWER["place"]}


# -- building, sealing, restarting, showing, deleting -----------------------------------------
def test_a_plan_built_step_by_step_is_sealed_survives_a_restart_and_is_shown_whole(
        api: ThreadedServer, bot: BotProcess, person: Callable[[str], Person]) -> None:
    someone = person("kk")
    screen = build_plan(api, someone)
    assert wait_stored(bot, someone, lambda p: p == EXPECTED) == EXPECTED
    # only the screen is left in the chat: every typed answer is gone
    assert [m.message_id for m in someone.history() if not m.from_bot] == [
        m.message_id for m in someone.history() if not m.from_bot and m.text == "/plan"]

    bot.stop()  # at rest: the files as a backup would copy them
    sealed = row(bot, someone)
    assert sealed is not None and sealed[0].startswith("gAAAAA")
    files = b"".join(path.read_bytes() for suffix in ("", "-wal", "-shm")
                     if (path := bot.data_dir / f"qorgau.db{suffix}").exists())
    for secret in SECRETS:
        assert secret not in sealed[0]
        assert secret.encode() not in files, f"{secret!r} is readable in the data files"

    bot.start()
    assert screen_id(someone) == screen
    someone.send("/plan")  # after a restart, the plan is all there
    assert all(f"✅ {plain('kk', t)}" in someone.buttons
               for t in ("plan-contacts", "plan-code-word", "plan-violence", "plan-ready",
                         "plan-place"))
    someone.press(label("kk", "plan-btn-show"))
    whole = text(someone)
    assert plain("kk", "plan-show-warning") in whole
    for words in ("Айгүл апай", "+77012345678", ANSWER["word"], ANSWER["place"],
                  plain("kk", "plan-item-id-more"), plain("kk", "plan-item-birth-more"),
                  plain("kk", "plan-item-rooms-more"), plain("kk", "plan-part-stay"),
                  plain("kk", "plan-part-leave")):
        assert words in whole
    assert plain("kk", "plan-item-money-more") not in whole  # not ticked
    assert label("kk", "btn-exit") in someone.buttons and label("kk", "btn-sos") in someone.buttons
    assert "<b>бара аламын</b>" in whole  # shown as typed

    someone.press(label("kk", "plan-btn-back"))
    someone.press(label("kk", "plan-btn-delete"))
    assert plain("kk", "plan-delete-confirm").splitlines()[0] in text(someone)
    someone.press(label("kk", "plan-btn-delete-no"))
    assert stored(bot, someone) == EXPECTED  # asked first: nothing deleted
    someone.press(label("kk", "plan-btn-delete"))
    someone.press(label("kk", "plan-btn-delete-yes"))
    assert plain("kk", "plan-deleted") in text(someone)
    assert plain("kk", "plan-none-yet") in text(someone)
    wait_stored(bot, someone, lambda p: p is None)
    assert label("kk", "plan-btn-show") not in someone.buttons


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_the_plan_speaks_the_persons_language(api: ThreadedServer, bot: BotProcess,
                                              person: Callable[[str], Person],
                                              locale: str) -> None:
    someone = person(locale)
    if locale == "en":  # an English client chooses a language first
        someone.send("/start")
        someone.press("English")
    open_plan(someone, locale)
    open_section(someone, locale, "plan-code-word")
    someone.press(label(locale, "plan-btn-write"))
    mine = typed(someone, "Blue tea")
    assert deleted(api, someone, mine)
    assert plain(locale, "plan-saved-deleted") in text(someone)
    wait_stored(bot, someone, lambda p: p is not None and p.get("code") == "Blue tea")


def test_answers_that_cannot_be_taken_are_asked_again_and_still_deleted(
        api: ThreadedServer, bot: BotProcess, person: Callable[[str], Person]) -> None:
    someone = person("kk")
    open_plan(someone, "kk")
    open_section(someone, "kk", "plan-contacts")
    someone.press(label("kk", "plan-btn-add"))
    for words, problem in (("Айгүл", "plan-problem-no-phone"),
                           ("+7 701 234 56 78", "plan-problem-no-name")):
        mine = typed(someone, words)
        assert deleted(api, someone, mine)
        assert plain("kk", problem) in text(someone)
        assert plain("kk", "plan-ask-contacts").splitlines()[0] in text(someone)
    someone.send_media("sticker")  # not text: asked again, still waiting
    assert plain("kk", "plan-problem-not-text") in text(someone)
    mine = typed(someone, "Апа 87019876543")
    assert deleted(api, someone, mine)
    assert "Апа — +77019876543" in text(someone)

    someone.press(label("kk", "plan-btn-back"))
    open_section(someone, "kk", "plan-code-word")
    someone.press(label("kk", "plan-btn-write"))
    mine = typed(someone, "ө" * 41)
    assert deleted(api, someone, mine)
    assert plain("kk", "plan-problem-too-long", count=40) in text(someone)
    someone.press(label("kk", "plan-btn-cancel"))  # changed their mind
    assert plain("kk", "plan-not-set") in text(someone)
    wait_stored(bot, someone, lambda p: p == {"v": 1, "contacts": [["Апа", "+77019876543"]]})

    # three people at most; a person removed with ✖
    open_plan(someone, "kk")
    open_section(someone, "kk", "plan-contacts")
    for n in (2, 3):
        someone.press(label("kk", "plan-btn-add"))
        typed(someone, f"Адам{n} 8701000000{n}")
    assert label("kk", "plan-btn-add") not in someone.buttons
    someone.press(f"{label('kk', 'plan-btn-remove')} Адам2")
    assert someone.callback_answer == plain("kk", "plan-removed")
    assert "Адам2" not in text(someone) and "Адам3" in text(someone)
    wait_stored(bot, someone, lambda p: p is not None and [c[0] for c in p["contacts"]]
                == ["Апа", "Адам3"])


def test_a_forged_or_stale_press_changes_nothing(api: ThreadedServer, bot: BotProcess,
                                                 person: Callable[[str], Person]) -> None:
    someone = person("kk")
    build_plan(api, someone)
    before = wait_stored(bot, someone, lambda p: p == EXPECTED)
    at = row(bot, someone)
    screen = screen_id(someone)
    for data in ("sk:r:gun",  # no such item
                 "sk:r:rooms",  # an item of another list
                 "sk:w:id",  # a section with no checklist
                 "se:r:c:0:5",  # remove, from a screen that listed five people
                 "se:r:c:7:1",  # remove the eighth of one
                 "se:r:w:0:1",  # remove a person from the code word's section
                 "se:x:r:-1:-1",  # clear a checklist
                 "se:a:z:-1:-1",  # no such section
                 "sp:q", "sp", "sk", "se:a", "sp:y:extra"):
        someone.press_data(data, screen)
        assert stored(bot, someone) == before, data
    assert row(bot, someone) == at  # not even re-saved
    # a stale Remove (its screen listed two people; the plan has one) removes no one
    screen = open_plan(someone, "kk")
    someone.press(label("kk", "plan-contacts"))
    someone.press_data(f"se:r:c:0:{len(before['contacts']) + 1}", screen)
    assert someone.callback_answer == plain("kk", "stale-button")
    assert stored(bot, someone) == before
    # a press on a message of someone else's chat is refused before any handler
    other = person("kk")
    open_plan(other, "kk")
    api.tg.press(other.user, screen, "se:r:c:0:1", chat_id=someone.chat_id)
    api.tg.wait_idle(0.3, 10)
    assert stored(bot, someone) == before
    assert "Traceback" not in bot.logs()


# -- waiting never swallows a message meant for something else ----------------------------------
def test_after_a_command_or_a_quick_exit_typing_is_not_taken_for_an_answer(
        api: ThreadedServer, bot: BotProcess, person: Callable[[str], Person]) -> None:
    someone = person("kk")
    open_plan(someone, "kk")
    open_section(someone, "kk", "plan-code-word")
    someone.press(label("kk", "plan-btn-write"))
    someone.send("/help")  # the help's answer came after the prompt
    mine = typed(someone, "мен сізге жазайын деп едім")
    assert not deleted(api, someone, mine)
    assert plain("kk", "plan-saved") not in text(someone)  # the routers after the plan's took it
    assert stored(bot, someone) is None

    open_plan(someone, "kk")
    open_section(someone, "kk", "plan-code-word")
    someone.press(label("kk", "plan-btn-write"))
    someone.press(label("kk", "btn-exit"))  # quick exit while the prompt waits
    assert text(someone) == plain("kk", "exit-neutral")
    mine = typed(someone, "бұл не чат өзі")  # whoever holds the phone now
    assert not deleted(api, someone, mine)
    assert plain("kk", "plan-title") not in text(someone)
    assert all(plain("kk", "plan-code-word") not in m.text for m in someone.bot_messages())
    assert stored(bot, someone) is None

    open_plan(someone, "kk")  # 🆘 on the prompt ends the waiting too
    open_section(someone, "kk", "plan-code-word")
    someone.press(label("kk", "plan-btn-write"))
    someone.press(label("kk", "btn-sos"))
    someone.press(label("kk", "btn-continue"))
    mine = typed(someone, "сәлем, көмек керек")
    assert not deleted(api, someone, mine)
    assert stored(bot, someone) is None


def test_forget_erases_the_plan(api: ThreadedServer, bot: BotProcess,
                                person: Callable[[str], Person]) -> None:
    someone = person("kk")
    open_plan(someone, "kk")
    open_section(someone, "kk", "plan-ready")
    someone.press(label("kk", "plan-item-keys"))
    wait_stored(bot, someone, lambda p: p is not None)
    someone.send("/forget")
    someone.press(label("kk", "btn-erase-yes"))
    wait_stored(bot, someone, lambda p: p is None, timeout=3.0)
