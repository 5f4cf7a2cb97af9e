"""Trace safety (issue #15) end to end, with the real bot process against the stand-in Bot API:
the "keep this chat hidden" tips shown once on first contact (after "not in danger now", before
the menu), skippable, on one screen edited in place, and always reachable from the menu, /hide
and /help; quick exit and /forget saying plainly, in neutral words, that messages older than
Telegram's 48 hours are left and how to remove them; /forget erasing the marks; /mydata naming
them. The storage rules under it are checked directly at the end, on a real SQLite file."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from sandbox.fakeapi import ThreadedServer
from storage.chat_log import DELETABLE_FOR, ChatLogRepo
from storage.crypto import Sealer
from storage.db import Database, SqliteDatabase
from storage.fsm import SQLStorage
from storage.people import PeopleRepo
from tests.databases import table_columns
from tests.fixtures import real_bot
from tests.harness import BotProcess, Person
from tests.screens import from_more, label, open_menu, plain

_ids = itertools.count(7_941_000_001)
LOCALES = ("kk", "ru")
PAGES = ("trace-page-1", "trace-page-2", "trace-page-3")
# Words a glance at the message left after quick exit must not meet (violence, help, the bot)
GIVEAWAYS = {"kk": ("зорлық", "көмек", "қорға", "Qorgau"),
             "ru": ("насил", "помощ", "защит", "Qorgau"),
             "en": ("violen", "help", "abuse", "Qorgau")}

api, bot = real_bot("trace")


@pytest.fixture
def person(api: ThreadedServer, bot: BotProcess) -> Callable[[str], Person]:
    return lambda locale: Person(api.tg, next(_ids), locale)


# -- helpers ------------------------------------------------------------------------------------
def tips_mark(bot: BotProcess, person: Person) -> int | None:
    rows = bot.query("SELECT trace_tips FROM people WHERE user_id = ?",
                     (bot.keyed_id(person.user_id),))
    return rows[0][0] if rows else None


def age_the_chat(api: ThreadedServer, bot: BotProcess, person: Person) -> None:
    """Everything in the person's chat so far becomes older than Telegram's 48 hours: on the
    stand-in's clock (it refuses to delete such messages) and in the bot's chat log."""
    api.tg.advance_time(DELETABLE_FOR + 3600)
    bot.query("UPDATE chat_messages SET sent_at = sent_at - ? WHERE chat_id = ?",
              (DELETABLE_FOR + 3600, bot.keyed_id(person.user_id)))


def visible(person: Person) -> list[str]:
    return [m.text for m in person.history()]


def tips_page(locale: str, page: int) -> str:
    """The start of a page of the tips as Telegram shows it (title, page number, first lines)."""
    return (f"{plain(locale, 'trace-title')} · "
            f"{plain(locale, 'trace-page', number=page + 1, total=len(PAGES))}\n\n"
            f"{plain(locale, PAGES[page])}")


def rows_naming(bot: BotProcess, person_id: int) -> dict[str, int]:
    """The rows that name the person: by their keyed id (storage.ids); none by the id itself."""
    found = {}
    for table, columns in table_columns(bot.database).items():
        for column in {"user_id", "chat_id"} & set(columns):
            [(count,)] = bot.query(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?",
                                   (bot.keyed_id(person_id),))
            if count:
                found[f"{table}.{column}"] = count
            assert bot.query(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?",
                             (person_id,)) == [(0,)], f"{table}.{column} holds the id in clear"
    return found


# -- first contact ------------------------------------------------------------------------------
@pytest.mark.parametrize("locale", LOCALES)
def test_first_contact_shows_the_tips_once_on_one_screen(
        person: Callable[[str], Person], bot: BotProcess, locale: str) -> None:
    me = person(locale)
    me.send("/start")
    assert me.screen is not None and me.screen.text == plain(locale, "start-greeting")
    me.press(label(locale, "btn-danger-no"))
    screen = me.screen
    assert screen is not None and screen.text.startswith(tips_page(locale, 0))
    assert screen.text.endswith(plain(locale, "trace-general"))
    assert me.buttons == [label(locale, "btn-next"), label(locale, "btn-trace-skip"),
                          label(locale, "btn-sos"), label(locale, "btn-exit")]
    assert tips_mark(bot, me) == 1
    me.press(label(locale, "btn-next"))
    assert me.screen.text.startswith(tips_page(locale, 1))
    me.press(label(locale, "btn-next"))
    assert me.screen.text.startswith(tips_page(locale, 2))
    assert me.buttons == [label(locale, "btn-prev"), label(locale, "btn-trace-done"),
                          label(locale, "btn-sos"), label(locale, "btn-exit")]
    me.press(label(locale, "btn-prev"))
    assert me.screen.text.startswith(tips_page(locale, 1))
    me.press(label(locale, "btn-next"))
    me.press(label(locale, "btn-trace-done"))
    assert me.screen.text == plain(locale, "menu-title")
    # the greeting and every page were one message, edited in place
    assert len(me.bot_messages()) == 1
    # never again: the next "not in danger now" leads to the menu
    me.send("/start")
    me.press(label(locale, "btn-danger-no"))
    assert me.screen.text == plain(locale, "menu-title")


@pytest.mark.parametrize("locale", LOCALES)
def test_skip_leads_to_the_menu_at_once(person: Callable[[str], Person], locale: str) -> None:
    me = person(locale)
    me.send("/start")
    me.press(label(locale, "btn-danger-no"))
    me.press(label(locale, "btn-trace-skip"))
    assert me.screen is not None and me.screen.text == plain(locale, "menu-title")
    assert label(locale, "btn-more") in me.buttons
    me.send("/start")
    me.press(label(locale, "btn-danger-no"))
    assert me.screen.text == plain(locale, "menu-title")


def test_someone_in_danger_is_not_held_up(person: Callable[[str], Person], bot: BotProcess,
                                          ) -> None:
    me = person("ru")
    me.send("/start")
    me.press(label("ru", "btn-danger-yes"))
    assert me.screen is not None and me.screen.text == plain("ru", "sos-text")
    me.press(label("ru", "btn-continue"))
    assert me.screen.text == plain("ru", "menu-title")
    assert not tips_mark(bot, me)  # not shown yet: the next "no" shows them, once
    me.send("/start")
    me.press(label("ru", "btn-danger-no"))
    assert me.screen.text.startswith(tips_page("ru", 0))


def test_english_after_the_language_chooser(person: Callable[[str], Person]) -> None:
    me = person("de")
    me.send("/start")
    me.press("English")
    me.press(label("en", "btn-danger-no"))
    assert me.screen is not None and me.screen.text.startswith(tips_page("en", 0))
    me.press(label("en", "btn-trace-skip"))
    assert me.screen.text == plain("en", "menu-title")


# -- later: the menu, /hide, /help ----------------------------------------------------------------
@pytest.mark.parametrize("locale", LOCALES)
def test_tips_from_the_menu_the_command_and_help(person: Callable[[str], Person],
                                                 locale: str) -> None:
    me = person(locale)
    open_menu(me, locale)
    from_more(me, locale, "btn-trace")
    assert me.screen is not None and me.screen.text.startswith(tips_page(locale, 0))
    # not first contact: the usual way back to the menu, no "skip"
    assert me.buttons == [label(locale, "btn-next"), label(locale, "btn-menu"),
                          label(locale, "btn-sos"), label(locale, "btn-exit")]
    me.press(label(locale, "btn-next"))
    assert me.screen.text.startswith(tips_page(locale, 1))
    me.press(label(locale, "btn-menu"))
    assert me.screen.text == plain(locale, "menu-title")
    me.send("/hide")
    assert me.screen.text.startswith(tips_page(locale, 0))
    me.send("/help")
    assert "/hide" in me.screen.text
    help_screen = me.screen.message_id
    me.press(label(locale, "btn-trace"))  # the help screen becomes the tips, in place
    assert me.screen.message_id == help_screen
    assert me.screen.text.startswith(tips_page(locale, 0))


# -- quick exit ----------------------------------------------------------------------------------
@pytest.mark.parametrize("locale", LOCALES)
def test_quick_exit_with_only_recent_messages_stays_neutral(person: Callable[[str], Person],
                                                            locale: str) -> None:
    me = person(locale)
    open_menu(me, locale)
    me.send("/help")
    me.press(label(locale, "btn-exit"))
    assert visible(me) == [plain(locale, "exit-neutral")]


@pytest.mark.parametrize("locale", LOCALES)
def test_quick_exit_says_what_it_could_not_delete(
        person: Callable[[str], Person], api: ThreadedServer, bot: BotProcess,
        locale: str) -> None:
    me = person(locale)
    open_menu(me, locale)
    old = visible(me)  # "/start" and the menu
    age_the_chat(api, bot, me)
    me.send("/help")  # recent: deletable
    me.press(label(locale, "btn-exit"))
    said = plain(locale, "trace-exit-older")
    assert visible(me) == [*old, said]  # the old messages stay; the one left says so
    assert said.startswith(plain(locale, "exit-neutral"))
    assert not any(word.casefold() in said.casefold() for word in GIVEAWAYS[locale])
    # the old messages are still there: a second quick exit says it again
    me.send("/sos")
    me.send("/exit")
    assert visible(me) == [*old, said]


def test_quick_exit_words_are_neutral_in_every_language() -> None:
    for locale, words in GIVEAWAYS.items():
        for msg_id in ("trace-exit-older", "trace-forget-older"):
            text = plain(locale, msg_id).casefold()
            assert not [w for w in words if w.casefold() in text], (locale, msg_id)


# -- /forget and /mydata -------------------------------------------------------------------------
@pytest.mark.parametrize("locale", LOCALES)
def test_forget_erases_the_marks_and_says_what_is_left(
        person: Callable[[str], Person], api: ThreadedServer, bot: BotProcess,
        locale: str) -> None:
    me = person(locale)
    open_menu(me, locale)
    old = visible(me)
    age_the_chat(api, bot, me)
    me.send("/mydata")
    assert plain(locale, "trace-mydata-tips") in me.screen.text
    assert plain(locale, "trace-mydata-older") in me.screen.text
    assert {"chat_messages.chat_id", "people.user_id"} <= set(rows_naming(bot, me.user_id))
    me.send("/forget")
    me.press(label(locale, "btn-erase-yes"))
    assert visible(me) == [*old, plain(locale, "trace-forget-older")]
    assert rows_naming(bot, me.user_id) == {}  # the tips mark and chat_undeletable too
    # a new first contact: the tips are shown again, once
    me.send("/start")
    me.press(label(locale, "btn-danger-no"))
    assert me.screen.text.startswith(tips_page(locale, 0))


def test_forget_with_only_recent_messages_keeps_its_words(person: Callable[[str], Person],
                                                           bot: BotProcess) -> None:
    me = person("kk")
    open_menu(me, "kk")
    me.send("/mydata")
    assert plain("kk", "trace-mydata-tips") in me.screen.text
    assert plain("kk", "trace-mydata-older") not in me.screen.text
    me.send("/forget")
    me.press(label("kk", "btn-erase-yes"))
    assert visible(me) == [plain("kk", "forget-done")]
    assert rows_naming(bot, me.user_id) == {}


def test_a_forged_page_is_clamped(person: Callable[[str], Person]) -> None:
    me = person("ru")
    open_menu(me, "ru")
    screen = me.screen
    assert screen is not None
    me.press_data("tr:99:0", screen.message_id)
    assert me.screen.text.startswith(tips_page("ru", 2))
    me.press_data("tr:-5:1", screen.message_id)
    assert me.screen.text.startswith(tips_page("ru", 0))


# -- storage, directly -------------------------------------------------------------------------
def run(test: Callable[[Database], object], path: Path) -> None:
    async def wrapper() -> None:
        db = SqliteDatabase(path, Sealer.ephemeral())
        await db.connect()
        try:
            await test(db)  # type: ignore[misc]
        finally:
            await db.close()

    asyncio.run(wrapper())


def test_chat_log_marks_what_it_can_no_longer_delete(tmp_path: Path) -> None:
    async def check(db: Database) -> None:
        log = ChatLogRepo(db)
        await log.remember(1, [10, 11])
        await log.remember(2, [20])
        assert not await log.older_remain(1)
        await db.execute("UPDATE chat_messages SET sent_at = 0 WHERE message_id IN (10, 20)")
        assert await log.older_remain(1)  # still in the log, past the window
        assert await log.purge_expired() == 2  # the ids go; the chats are marked
        assert await log.deletable(1) == [11]
        assert await log.older_remain(1) and await log.older_remain(2)
        await log.clear(1)  # quick exit: the old messages are still on the phone
        assert await log.older_remain(1)
        await log.forget(1)
        assert not await log.older_remain(1) and await log.older_remain(2)
        # quick exit on a chat whose old ids were not purged yet keeps the mark as well
        await log.remember(3, [30])
        await db.execute("UPDATE chat_messages SET sent_at = 0 WHERE chat_id = ?",
                         (db.sealer.keyed_id(3),))
        await log.clear(3)
        assert await log.older_remain(3)
        # a chat with only recent ids is not marked by a quick exit
        await log.remember(4, [40])
        await log.clear(4)
        assert not await log.older_remain(4)

    run(check, tmp_path / "q.db")


def test_the_tips_mark_is_a_flag_on_the_person_and_goes_with_them(tmp_path: Path) -> None:
    async def check(db: Database) -> None:
        people = PeopleRepo(db, SQLStorage(db))
        await people.set_locale(5, "kk")
        assert not await people.trace_tips_shown(5)
        await people.mark_trace_tips(5)
        await people.set_locale(5, "ru")  # a language change keeps it
        assert await people.trace_tips_shown(5)
        await people.forget(5)
        assert not await people.trace_tips_shown(5)

    run(check, tmp_path / "q.db")


@pytest.mark.parametrize("locale", LOCALES)
def test_turning_on_auto_delete_gets_no_reply(person: Callable[[str], Person],
                                              api: ThreadedServer, locale: str) -> None:
    """Telegram shows its own line when the person follows the advice; the bot adds nothing
    (no "I only understand buttons", no new menu) and the screen stays as it was."""
    me = person(locale)
    open_menu(me, locale)
    before = visible(me)
    calls = len(api.tg.calls)
    api.tg.set_auto_delete(me.user, 86400)
    me.wait_reply(calls, patience=1.5)
    assert visible(me) == [*before, ""]  # Telegram's own line (a service message) only
    assert len(api.tg.calls) == calls or all(c.method == "getUpdates"
                                             for c in api.tg.calls[calls:])
