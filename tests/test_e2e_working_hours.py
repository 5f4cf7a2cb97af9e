"""The defenders' working hours and the expected wait, over HTTP with the real bot process, in
kk and ru: the talk screen and the intake show the hours; a request sent outside them says
when it will be seen, with the lines that answer at any hour, and the topic hears it came
outside hours; inside them the wait is said; a request nobody has taken is told so once, and
a taken one never. Also the rule of the wait itself against the bot's own database, with the
clock passed in, and a malformed setting stopping start-up.

The clock is the real one: the hours are chosen around today (a day without hours, tomorrow's,
"every day"), and a request is made older by moving its times back in the database while the
bot is stopped; at its next start the bot's reminder round sees it."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from bot.app import build_app
from bot.handoff.buttons import CaseAction, CasePress
from bot.settings import load_settings
from dialogs.handoff import Intake, summarise
from dialogs.working_hours import DAYS, KZ_TIME, WorkingHours, parse
from sandbox.fakeapi import ThreadedServer
from tests.fixtures import FORUM_GROUP
from tests.harness import BotProcess, Person, start_bot, start_fake_api
from tests.screens import CONTENT, label, open_menu, plain, to_defender, tr
from tests.test_settings import TOKEN, assert_one_line, run_bot

GROUP = FORUM_GROUP
_ids = itertools.count(870_001)
ALWAYS = "daily 00:00-24:00"


def weekday(days_from_today: int) -> str:
    return DAYS[(datetime.now(KZ_TIME).weekday() + days_from_today) % 7]


def hours_of(spec: str) -> WorkingHours:
    hours = parse(spec)
    assert hours is not None
    return hours


def whens(hours: WorkingHours, locale: str) -> set[str]:
    """The next opening in words, as the bot may have said it a moment ago or says it now
    (should midnight pass while the test runs)."""
    now = time.time()
    found = set()
    for moment in (now - 5, now):
        opening = hours.next_opening(moment)
        assert opening is not None
        found.add(hours.when(opening, moment, tr(locale)))
    return found


def shown(locale: str, msg_id: str, hours: WorkingHours, **args: object) -> str:
    return plain(locale, msg_id, hours=hours.describe(tr(locale)), **args)


@pytest.fixture(scope="module")
def api() -> Iterator[ThreadedServer]:
    server = start_fake_api()
    server.tg.add_forum_group(GROUP, "Defenders")
    yield server
    server.stop()


def bot_with(api: ThreadedServer, folder: Path, spec: str, **env: str) -> BotProcess:
    return start_bot(api, folder, extra_env={"DEFENDERS_CHAT_ID": str(GROUP),
                                             "DEFENDERS_HOURS": spec, **env})


def text_of(p: Person) -> str:
    assert p.screen is not None
    return p.screen.text


def send_request(p: Person, locale: str) -> int:
    """The whole intake by buttons; returns the number of the request sent."""
    open_menu(p, locale)
    to_defender(p, locale)
    p.press(label(locale, "region-almaty-city"))
    p.press(label(locale, "btn-no"))  # children
    p.press(label(locale, "btn-no"))  # danger now
    p.press(label(locale, "btn-contact-bot"))
    p.press(label(locale, "btn-intake-skip"))
    p.press(label(locale, "btn-intake-send"))
    text = text_of(p)
    first = plain(locale, "case-intake-sent", case=0).splitlines()[0]
    prefix, _, _ = first.partition("0")
    assert prefix in text
    number = int("".join(c for c in text.split(prefix, 1)[1][:8] if c.isdigit()))
    assert plain(locale, "case-intake-sent", case=number) in text
    return number


def older(bot: BotProcess, seconds: int) -> None:
    """Every request, and its last announcement, `seconds` earlier (the bot is stopped)."""
    bot.query("UPDATE cases SET created_at = created_at - ?, announced_at = announced_at - ?",
              (seconds, seconds))


def wait_told(bot: BotProcess) -> dict[int, int]:
    return dict(bot.query("SELECT id, wait_told FROM cases"))  # type: ignore[arg-type]


def group_texts(api: ThreadedServer, since: int = 0) -> list[str]:
    return [m.text or "" for m in api.tg.history(GROUP)[since:]]


# -- outside hours ------------------------------------------------------------------------------
@pytest.mark.parametrize("locale, ahead", [("ru", 1), ("kk", 2)])
def test_outside_hours_the_talk_screen_the_intake_and_the_request_say_when(
        api: ThreadedServer, tmp_path: Path, locale: str, ahead: int) -> None:
    spec = f"{weekday(ahead)} 09:00-18:00"  # none today: closed now, open in `ahead` days
    hours = hours_of(spec)
    bot = bot_with(api, tmp_path, spec)
    before = len(api.tg.history(GROUP))
    try:
        p = Person(api.tg, next(_ids), locale)
        open_menu(p, locale)
        p.press(label(locale, "btn-talk"))
        talk = text_of(p)
        assert "111" in talk and shown(locale, "hours-schedule", hours) in talk
        assert any(plain(locale, "hours-now-closed", when=w) in talk for w in whens(hours, locale))
        word = "завтра в 09:00" if ahead == 1 else ", сағат 09:00"
        assert word in talk

        p.press(label(locale, "btn-defender"))  # the intake's first question says it too
        assert shown(locale, "hours-schedule", hours) in text_of(p)
        assert any(plain(locale, "hours-now-closed", when=w) in text_of(p)
                   for w in whens(hours, locale))
        p.press(label(locale, "btn-intake-cancel"))

        number = send_request(p, locale)
        sent = text_of(p)
        assert any(shown(locale, "hours-sent-closed", hours, when=w) in sent
                   for w in whens(hours, locale))
        assert plain(locale, "hours-sent-young") in sent  # 150; and 112, 102, 111 (24/7):
        for line in ("112", "102", "111"):
            assert line in sent
        # the topic hears it came outside hours, in the defenders' language (ru)
        api.tg.wait_for(lambda: any(
            plain("ru", "hours-case-opened-closed", case=number, when=w)
            in group_texts(api, before)
            for w in whens(hours, "ru")), timeout=15)
    finally:
        bot.stop()
    assert "Traceback" not in bot.logs()


# -- inside hours, and nobody taking the request ------------------------------------------------
@pytest.mark.parametrize("locale, other", [("kk", "ru"), ("ru", "kk")])
def test_inside_hours_the_wait_is_said_and_an_untaken_request_is_told_once(
        api: ThreadedServer, tmp_path: Path, locale: str, other: str) -> None:
    hours = hours_of(ALWAYS)
    bot = bot_with(api, tmp_path, ALWAYS, CASE_REMIND_MINUTES="30")
    waiting, helped = Person(api.tg, next(_ids), locale), Person(api.tg, next(_ids), other)
    defender = api.tg.user(next(_ids), "Dana", "ru")
    api.tg.set_member(GROUP, defender.user_id)
    before = len(api.tg.history(GROUP))  # earlier tests' requests had the same numbers
    try:
        number = send_request(waiting, locale)
        assert shown(locale, "hours-sent-open", hours, minutes=30) in text_of(waiting)
        assert plain(locale, "hours-sent-young") not in text_of(waiting)
        taken = send_request(helped, other)
        summary = api.tg.wait_for(lambda: next(
            (m for m in api.tg.history(GROUP)[before:]  # earlier tests had a №2 too
             if m.buttons and (m.text or "").startswith(plain("ru", "case-title", case=taken))),
            None), timeout=15)
        query = api.tg.press(defender.user_id, summary.message_id,
                             CasePress(c=taken, a=CaseAction.TAKE).pack(), chat_id=GROUP)
        api.tg.wait_for(lambda: query in api.tg.callback_answers, timeout=10)
        api.tg.wait_idle()

        bot.stop()
        older(bot, 31 * 60)  # both requests half an hour old: one taken, one not
        bot.start()
        notice = plain(locale, "hours-unclaimed", case=number)
        api.tg.wait_for(lambda: any(notice in t for t in waiting.bot_texts()), timeout=20)
        text = next(t for t in waiting.bot_texts() if notice in t)
        assert plain(locale, "hours-unclaimed-open") in text and "111" in text
        assert wait_told(bot) == {number: 1, taken: 0}
        api.tg.wait_idle(quiet=0.5)
        assert not [t for t in helped.bot_texts()
                    if plain(other, "hours-unclaimed", case=taken) in t]

        bot.stop()
        older(bot, 31 * 60)  # an hour unclaimed now: the group hears again, the person not
        bot.start()
        again = plain("ru", "case-reminder", case=number, link="").strip()
        api.tg.wait_for(lambda: sum(again in t for t in group_texts(api, before)) >= 2,
                        timeout=20)
        api.tg.wait_idle(quiet=0.5)
        assert sum(notice in t for t in waiting.bot_texts()) == 1
    finally:
        bot.stop()
    assert "Traceback" not in bot.logs()


@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_a_request_left_untaken_at_closing_time_is_told_when_they_are_back(
        api: ThreadedServer, tmp_path: Path, locale: str) -> None:
    """Sent during yesterday's hours (moved back a day), nobody took it, and it is closed
    now: the person hears that nobody has taken it and that defenders are back tomorrow."""
    spec = f"{weekday(-1)} 00:00-24:00; {weekday(1)} 09:00-18:00"
    hours = hours_of(spec)
    bot = bot_with(api, tmp_path, spec)
    p = Person(api.tg, next(_ids), locale)
    try:
        number = send_request(p, locale)
        bot.stop()
        older(bot, 24 * 3600)  # sent yesterday, when they were at work
        bot.start()
        notice = plain(locale, "hours-unclaimed", case=number)
        api.tg.wait_for(lambda: any(notice in t for t in p.bot_texts()), timeout=20)
        text = next(t for t in p.bot_texts() if notice in t)
        assert any(shown(locale, "hours-unclaimed-closed", hours, when=w) in text
                   for w in whens(hours, locale))
        assert plain(locale, "hours-lines") in text
    finally:
        bot.stop()


# -- the rule of the wait, with the clock passed in ------------------------------------------
def at(text: str) -> int:
    """Epoch seconds of "YYYY-MM-DD HH:MM", Kazakhstan time (2026-11-27 is a Friday)."""
    return int(datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=KZ_TIME).timestamp())


def test_who_is_told_and_when(tmp_path: Path) -> None:
    async def check() -> list[tuple[str, int, str]]:
        settings = load_settings(bot_token="123456:HOURS-test", defenders_chat_id=GROUP,
                                 database_url=f"sqlite:///{tmp_path}/q.db",
                                 defenders_hours="mon-fri 09:00-18:00",
                                 case_remind_minutes=30, case_remind_urgent_minutes=10)
        app = await build_app(settings)
        desk, db = app.dp["desk"], app.db
        try:
            made = {}
            plan = {  # name: (created at, urgent)
                "evening": ("2026-11-27 17:50", False),   # Friday, 10 minutes before closing
                "saturday": ("2026-11-28 12:00", False),  # outside hours
                "urgent": ("2026-11-28 13:00", True),
                "taken": ("2026-11-27 10:00", False),
                "closed": ("2026-11-27 10:00", False),
                "blocked": ("2026-11-27 10:00", False),
            }
            for n, (name, (created, urgent)) in enumerate(plan.items()):
                summary = summarise(Intake(region="astana", children=False, danger_now=urgent),
                                    "ru", CONTENT.assessment, CONTENT.guidance, None)
                made[name] = await desk.open_case(7000 + n, 9000 + n, summary)
                await db.execute("UPDATE cases SET created_at = ? WHERE id = ?",
                                 (at(created), made[name]))
            await desk.cases.take(made["taken"], 1)
            await desk.cases.close(made["closed"], "defender", 1)
            await desk.cases.block(made["blocked"], 1)
            told: list[tuple[str, int, str]] = []

            async def round_at(moment: str) -> None:
                before = await db.fetchall("SELECT id FROM cases WHERE wait_told = 1")
                await desk.tell_waiting(at(moment))
                after = await db.fetchall("SELECT id FROM cases WHERE wait_told = 1")
                names = {v: k for k, v in made.items()}
                for (case_id,) in set(after) - set(before):
                    rows = await db.fetchall("SELECT payload FROM outbox WHERE ref = ? AND"
                                             " meta LIKE '%person-notice%'", (str(case_id),))
                    texts = [db.sealer.open(r[0]) for r in rows]
                    told.append((moment, case_id, names[case_id] + ":" + " ".join(texts)))

            for moment in ("2026-11-27 18:10", "2026-11-27 18:25", "2026-11-28 23:00",
                           "2026-11-30 09:05", "2026-11-30 09:15", "2026-11-30 09:35",
                           "2026-11-30 12:00"):
                await round_at(moment)
            return told
        finally:
            await app.close()

    told = asyncio.run(check())
    said = [(moment, text.split(":")[0]) for moment, _, text in told]
    assert said == [("2026-11-27 18:25", "evening"),     # 30 minutes after, closed by then
                    ("2026-11-30 09:15", "urgent"),      # 10 minutes after Monday's opening
                    ("2026-11-30 09:35", "saturday")]    # 30 minutes after it
    evening = told[0][2]
    assert "в понедельник в 09:00" in evening and "111" in evening  # back on Monday
    assert plain("ru", "hours-unclaimed-open") in told[1][2]


def test_malformed_hours_stop_start_up_with_one_line(tmp_path: Path) -> None:
    result = run_bot(tmp_path, BOT_TOKEN=TOKEN, DEFENDERS_HOURS="mon-fri 9-18")
    assert_one_line(result, "DEFENDERS_HOURS", "malformed", "09:00-18:00")
    result = run_bot(tmp_path, BOT_TOKEN=TOKEN, DEFENDERS_TIMEZONE="Asia/Nowhere")
    assert_one_line(result, "DEFENDERS_TIMEZONE", "unknown time zone")
    result = run_bot(tmp_path, BOT_TOKEN=TOKEN, DEFENDERS_HOLIDAYS="31.12.2026")
    assert_one_line(result, "DEFENDERS_HOLIDAYS", "2027-01-01")


def test_the_sandbox_shows_the_hours_in_three_languages(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_sandbox import sandbox

    spec = f"{weekday(1)} 09:00-18:00"
    hours = hours_of(spec)
    monkeypatch.setenv("DEFENDERS_HOURS", spec)
    script = "\n".join([
        "/start", "1", "2",  # Қазақша, not in danger now: the trace tips (first contact)
        "2",  # skip them: the menu
        "6",  # Talk to a person: the hours (kk)
        "/language", "2",  # Русский
        "6", "1",  # Talk to a person, write to a defender
        "1", "2", "2", "1", "Нужна консультация", "1",  # a request, sent (ru)
        ":view defender", ":view victim",
        "/language", "3", "6",  # English: Talk to a person
        ":quit",
    ]) + "\n"
    out = " ".join(sandbox(script, tmp_path).split())  # the terminal wraps nothing; lines do
    for locale in ("kk", "ru", "en"):
        assert " ".join(shown(locale, "hours-schedule", hours).split()) in out
        assert any(" ".join(plain(locale, "hours-now-closed", when=w).split()) in out
                   for w in whens(hours, locale))
    assert any(" ".join(shown("ru", "hours-sent-closed", hours, when=w).split()) in out
               for w in whens(hours, "ru"))
    assert any(" ".join(plain("ru", "hours-case-opened-closed", case=1, when=w).split()) in out
               for w in whens(hours, "ru"))
