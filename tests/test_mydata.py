"""/mydata: what the bot keeps about a person. The gathering (storage.person_data) on a real
database, the screen's text within Telegram's limit, and the real bot process: a person with an
open case sees their summary as the defenders do; someone new sees that nothing is kept."""

from __future__ import annotations

import asyncio
import html
import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiogram.fsm.storage.base import StorageKey

from bot.app import build_app
from bot.assessment.states import Assessment
from bot.handoff.states import Handoff
from bot.kit.render import Templates
from bot.kit.text import TEXT_LIMIT, utf16_len
from bot.privacy.router import dialog_name, mydata_text
from bot.settings import load_settings
from dialogs.handoff import DESCRIPTION_LIMIT, Intake, summarise
from sandbox.fakeapi import ThreadedServer
from storage.cases import CasesRepo
from storage.chat_log import ChatLogRepo
from storage.crypto import Sealer
from storage.fsm import SQLStorage
from storage.people import PeopleRepo
from storage.person_data import PersonData, dialog_data, gather
from storage.subscriptions import SubscriptionsRepo
from tests.databases import database_at
from tests.harness import BotProcess, Person
from tests.screens import CONTENT, from_more, label, plain, skip_trace_tips, tr

GROUP = -1001234567890
_ids = itertools.count(860_001)
WORDS = "<b>not bold</b> & «мен қорқамын»"  # what the person wrote: shown as written


def summary_data(description: str | None = WORDS) -> dict[str, object]:
    intake = Intake(region="astana", children=True, danger_now=False, description=description)
    return summarise(intake, "kk", CONTENT.assessment, CONTENT.guidance,
                     {"1.1": "y", "1.2": "u"}).to_data()


# -- gathering -----------------------------------------------------------------------------------
def test_gather_reads_every_kind_of_row_and_nothing_of_anyone_else(db_at: Path | str) -> None:
    me, someone = 42, 77

    async def check() -> tuple[PersonData, PersonData, PersonData]:
        db = database_at(db_at, Sealer.ephemeral())
        await db.connect()
        try:
            dialogs, cases = SQLStorage(db), CasesRepo(db)
            nobody = await gather(db, dialogs, someone)
            await PeopleRepo(db, dialogs).set_locale(me, "kk")
            await SubscriptionsRepo(db).subscribe(me, "ru", silent=False)
            key = StorageKey(bot_id=1, chat_id=me, user_id=me)
            await dialogs.set_state(key, Handoff.contact)
            await dialogs.set_data(key, {
                "assessment": {"edition": "kz2014", "pos": 16,
                               "answers": {"1.1": "y", "1.2": "n", "2.1": "u"}},
                "handoff": {"region": "astana", "children": False, "danger": None},
                "handoff_nav": {"resume": Assessment.finished.state}})
            for n in range(12):  # more cases than the screen lists
                case_id, _ = await cases.open(n, me, summary_data(), False, lambda _: [])
                if n < 11:
                    await cases.close(case_id, "person")
            await cases.map(case_id, 5, 6, "in")
            await cases.map(case_id, 7, 8, "out")
            await cases.block(case_id, 501)
            await ChatLogRepo(db).remember(me, [1, 2, 3])
            await ChatLogRepo(db).remember(someone, [1])
            mine = await gather(db, dialogs, me)
            await PeopleRepo(db, dialogs).forget(me)
            return nobody, mine, await gather(db, dialogs, me)
        finally:
            await db.close()

    nobody, mine, erased = asyncio.run(check())
    assert nobody.nothing and nobody.message_ids == 0 and nobody.open_case is None
    assert mine.locale == "kk" and not mine.nothing
    assert mine.subscription is not None and mine.subscription.locale == "ru"
    assert not mine.subscription.silent
    assert mine.dialog is not None and mine.dialog.state == Handoff.contact.state
    assert mine.dialog.assessment_answers == 3 and mine.dialog.intake_answers == 2
    assert len(mine.cases) == 10 and mine.more_cases == 2
    assert [c.id for c in mine.cases] == sorted((c.id for c in mine.cases), reverse=True)
    assert mine.open_case is not None and mine.open_case.summary["description"] == WORDS
    assert mine.open_case.blocked
    assert mine.relay_links == 2 and mine.message_ids == 3 and mine.message_ids_hours == 48
    assert erased.nothing and erased.message_ids == 0  # /forget leaves nothing to show


def test_a_dialog_is_named_never_shown_raw() -> None:
    assert dialog_name(None) is None
    assert dialog_name(Assessment.answering.state) == "mydata-dialog-assessment"
    assert dialog_name(Assessment.finished.state) == "mydata-dialog-assessment-done"
    assert dialog_name(Handoff.description.state) == "mydata-dialog-intake"
    assert dialog_name("Broadcast:version") == "mydata-dialog-other"
    assert dialog_data(None, {}) is None
    assert dialog_data(None, {"assessment": "garbage", "handoff": 3}) is None
    counted = dialog_data(Handoff.region.state, {"handoff": {}})
    assert counted is not None and counted.intake_answers == 0
    assert counted.assessment_answers is None


# -- the screen ------------------------------------------------------------------------------------
def person_with_case(description: str | None) -> PersonData:
    from storage.cases import Case

    case = Case(9, 42, summary_data(description), False, "taken", 501, 3, True, 1_700_000_000,
                None)
    return PersonData(user_id=42, locale="kk", subscription=None, dialog=None, cases=[case],
                      message_ids=4)


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    folder = tmp_path_factory.mktemp("desk")

    async def make() -> object:
        settings = load_settings(bot_token="123456:MYDATA-test", defenders_chat_id=GROUP,
                                 data_dir=folder, database_url=f"sqlite:///{folder}/q.db")
        app = await build_app(settings)
        await app.close()
        return app.dp["desk"]

    yield asyncio.run(make())


def visible(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_the_screen_shows_the_summary_escaped_and_fits_telegrams_limit(
        desk: object, locale: str) -> None:
    t, templates = tr(locale), Templates()
    text = mydata_text(t, templates, desk, person_with_case(WORDS))  # type: ignore[arg-type]
    assert "&lt;b&gt;not bold&lt;/b&gt; &amp;" in text and "<b>not bold</b>" not in text
    assert WORDS in visible(text)
    assert plain(locale, "mydata-summary", case=9) in visible(text)
    assert plain(locale, "case-title", case=9) in visible(text)
    assert plain(locale, "mydata-summary-shortened") not in visible(text)
    assert utf16_len(text) <= TEXT_LIMIT

    long_words = ("<&> " + "сөз " * 400)[:DESCRIPTION_LIMIT]
    for limit in (2500, 2000):  # the person's own words are shortened to fit
        text = mydata_text(t, templates, desk, person_with_case(long_words),  # type: ignore[arg-type]
                           limit=limit)
        assert utf16_len(text) <= limit
        assert plain(locale, "mydata-summary-shortened") in visible(text)
        assert "&lt;&amp;&gt;" in text and "…" in text
        assert text.count("<blockquote>") == text.count("</blockquote>") == 1
    text = mydata_text(t, templates, desk, person_with_case(long_words),  # type: ignore[arg-type]
                       limit=900)  # not even a shortened summary fits: left out
    assert plain(locale, "mydata-summary", case=9) not in visible(text)
    assert plain(locale, "mydata-title") in visible(text)


# -- end to end ------------------------------------------------------------------------------------
def open_case(api: ThreadedServer, bot: BotProcess, user_id: int) -> int:
    """Open a case the way the person's confirmation does, before the bot starts."""
    settings = load_settings(bot_token=api.tg.token, telegram_api_url=api.url,
                             database_url=bot.database_url, data_dir=bot.data_dir,
                             defenders_chat_id=GROUP)
    intake = Intake(region="astana", children=True, danger_now=False, description=WORDS)
    summary = summarise(intake, "kk", CONTENT.assessment, CONTENT.guidance, None)

    async def open_it() -> int:
        app = await build_app(settings)
        try:
            return await app.dp["desk"].open_case(next(_ids), user_id, summary)
        finally:
            await app.close()

    bot.data_dir.mkdir(parents=True, exist_ok=True)
    return asyncio.run(open_it())


def test_mydata_end_to_end(api: ThreadedServer, tmp_path: Path) -> None:
    tg = api.tg
    tg.add_forum_group(GROUP, "Defenders")
    person = Person(tg, next(_ids), "kk")
    newcomer = Person(tg, next(_ids), "ru")
    bot = BotProcess.for_server(api, tmp_path, extra_env={"DEFENDERS_CHAT_ID": str(GROUP)})
    case_id = open_case(api, bot, person.user_id)
    bot.start()
    try:
        # someone new: nothing is kept but the ids of this very chat
        newcomer.send("/mydata")
        assert newcomer.screen is not None
        screen = newcomer.screen.text
        assert plain("ru", "mydata-title") in screen and plain("ru", "mydata-nothing") in screen
        assert plain("ru", "mydata-message-ids", count=1, hours=48) in screen
        assert newcomer.buttons[0] == label("ru", "btn-forget")

        # a person with an open case, a subscription and a check under way
        person.send("/start")
        person.press(label("kk", "btn-danger-no"))
        skip_trace_tips(person, "kk")
        from_more(person, "kk", "btn-news")
        person.press(label("kk", "btn-news-silent"))
        person.send("/start")
        person.press(label("kk", "btn-danger-no"))
        person.press(label("kk", "btn-assess"))
        person.press(label("kk", "btn-assess-start"))
        person.press(label("kk", "btn-yes"))
        person.press(label("kk", "btn-no"))
        person.send("/mydata")
        assert person.screen is not None
        screen = person.screen.text
        assert plain("kk", "mydata-language", language="Қазақша") in screen
        assert plain("kk", "mydata-news-silent", language="Қазақша") in screen
        assert plain("kk", "mydata-dialog-assessment") in screen
        assert plain("kk", "mydata-assessment-answers", count=2) in screen
        assert plain("kk", "mydata-case-taken") not in screen
        assert plain("kk", "mydata-case-new") in screen and f"№{case_id}" in screen
        assert plain("kk", "mydata-summary", case=case_id) in screen
        assert WORDS in screen  # exactly as written, not taken for formatting
        assert plain("kk", "region-astana") in screen
        assert plain("kk", "mydata-not-stored").splitlines()[0] in screen
        assert plain("ru", "mydata-title") not in screen  # in their language

        # from the erase screen, the button shows the same, edited in place; and back
        person.send("/forget")
        forget = person.screen
        assert forget is not None and label("kk", "btn-mydata") in person.buttons
        person.press(label("kk", "btn-mydata"))
        assert person.screen is not None and person.screen.message_id == forget.message_id
        assert plain("kk", "mydata-summary", case=case_id) in person.screen.text
        person.press(label("kk", "btn-forget"))
        assert person.screen.message_id == forget.message_id
        assert plain("kk", "forget-confirm").splitlines()[0] in person.screen.text
        person.press(label("kk", "btn-erase-yes"))
        person.send("/mydata")
        assert person.screen is not None
        assert plain("kk", "mydata-nothing") in person.screen.text  # erased: nothing kept
    finally:
        bot.stop()
    assert "Traceback" not in bot.logs()
