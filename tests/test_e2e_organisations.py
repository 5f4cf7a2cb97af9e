"""Many organisations, one bot (issue #27), over HTTP with the real bot process and four forum
groups in the stand-in Bot API: a request goes to the organisation serving the person's place
and language that is open, the load is spread, a place nobody serves goes to the national
fallback, the person may pick another organisation; each organisation's members and admins act
on its own cases only; and cases from the single-group settings keep working after the move.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.handoff.buttons import CaseAction, CasePress
from dialogs import working_hours
from sandbox.fakeapi import ThreadedServer
from sandbox.fakeapi.models import FakeUser
from tests.harness import BotProcess, Person, start_bot, start_fake_api
from tests.screens import label, open_menu, plain, skip_trace_tips, to_defender

NORTH, CENTRE, SHUT, NATIONAL = -1001000000011, -1001000000012, -1001000000013, -1001000000014
GROUPS = {"north": NORTH, "centre": CENTRE, "shut": SHUT, "national": NATIONAL}
_ids = itertools.count(870_001)
NORTH_ADMIN = 870_000


def organisations_file(folder: Path) -> Path:
    """North and centre share Astana; centre alone reads English; "shut" serves Almaty but is
    on holiday this week; the national line takes places nobody serves."""
    today = datetime.now(working_hours.KZ_TIME).date()
    holidays = f"{today - timedelta(days=1)}..{today + timedelta(days=6)}"
    path = folder / "organisations.toml"
    path.write_text(f"""
[[organisation]]
key = "north"
chat_id = {NORTH}
regions = ["astana", "karaganda"]
languages = ["kk", "ru"]
admins = [{NORTH_ADMIN}]
name = {{ kk = "Солтүстік орталығы", ru = "Центр «Север»", en = "North Centre" }}
contacts = {{ kk = "+7 7212 00 00 01", ru = "+7 7212 00 00 01 <пн–пт>" }}

[[organisation]]
key = "centre"
chat_id = {CENTRE}
regions = ["astana", "almaty-city"]
languages = ["ru", "en"]
name = {{ ru = "Центр «Центр»", en = "Centre Centre" }}

[[organisation]]
key = "shut"
chat_id = {SHUT}
regions = ["almaty-city"]
hours = "daily 09:00-18:00"
holidays = "{holidays}"
name = {{ kk = "Демалыстағы орталық", ru = "Центр на каникулах", en = "Centre on holiday" }}

[[organisation]]
key = "national"
chat_id = {NATIONAL}
regions = ["shymkent"]
fallback = true
name = {{ kk = "Ұлттық желі", ru = "Национальная линия", en = "National line" }}
""", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def api() -> Iterator[ThreadedServer]:
    server = start_fake_api()
    for key, chat in GROUPS.items():
        server.tg.add_forum_group(chat, f"Defenders {key}")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def bot(api: ThreadedServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    folder = tmp_path_factory.mktemp("organisations")
    process = start_bot(api, folder, extra_env={
        "ORGANISATIONS_FILE": str(organisations_file(folder))})
    yield process
    process.stop()


# -- the person's side --------------------------------------------------------------------------
def screen(p: Person) -> str:
    screens = [m for m in p.bot_messages() if m.buttons]
    assert screens, p.bot_texts()
    return screens[-1].text


class Someone(Person):
    """A new person, who remembers the language their client is in."""

    def __init__(self, api: ThreadedServer, locale: str) -> None:
        super().__init__(api.tg, next(_ids), locale)
        self.locale = locale


def to_preview(p: Someone, region: str) -> str:
    locale = p.locale
    if locale == "en":
        english(p)
    else:
        open_menu(p, locale)
    to_defender(p, locale)
    p.press(label(locale, f"region-{region}"))
    p.press(label(locale, "btn-no"))
    p.press(label(locale, "btn-no"))
    p.press(label(locale, "btn-contact-bot"))
    p.press(label(locale, "btn-intake-skip"))
    return screen(p)


def english(p: Person) -> None:
    """A client in English is asked its language first (kk and ru are not)."""
    p.send("/start")
    p.press("English")
    p.press(label("en", "btn-danger-no"))
    skip_trace_tips(p, "en")


def reads(locale: str, name: str) -> str:
    return plain(locale, "case-intake-org", name=name)


def send(p: Someone) -> int:
    p.press(label(p.locale, "btn-intake-send"))
    found = re.search(r"(?:#|№)(\d+)", screen(p))
    assert found, screen(p)
    return int(found.group(1))


def org_of(bot: BotProcess, case_id: int) -> str:
    return str(bot.query("SELECT org FROM cases WHERE id = ?", (case_id,))[0][0])


def topics(api: ThreadedServer, chat: int) -> list[str]:
    return [t.name for t in api.tg.topics(chat) if not t.deleted]


def summary_in(api: ThreadedServer, chat: int, case_id: int) -> int:
    """The message id of the case's summary in the group (waits for it)."""
    def found() -> int | None:
        topic = next((t.thread_id for t in api.tg.topics(chat)
                      if t.name.startswith(f"#{case_id} ")), None)
        return next((m.message_id for m in api.tg.history(chat, thread_id=topic)
                     if m.buttons), None) if topic is not None else None

    return api.tg.wait_for(found, timeout=15)  # type: ignore[no-any-return]


# -- routing ----------------------------------------------------------------------------------
def test_requests_go_by_place_language_hours_and_load(api: ThreadedServer,
                                                      bot: BotProcess) -> None:
    # Karaganda: north alone serves it; its name is in the preview, its contacts after Send
    p = Someone(api, "ru")
    preview = to_preview(p, "karaganda")
    assert reads("ru", "Центр «Север»") in preview
    assert label("ru", "btn-intake-org") not in p.buttons  # nobody else serves Karaganda
    case = send(p)
    assert org_of(bot, case) == "north"
    assert plain("ru", "case-intake-sent-org", name="Центр «Север»") in screen(p)
    assert "+7 7212 00 00 01 <пн–пт>" in screen(p)  # escaped, so shown as written
    summary_in(api, NORTH, case)
    assert topics(api, CENTRE) == [] and len(topics(api, NORTH)) == 1

    # Almaty: "shut" serves it too but is on holiday: the open one reads it
    p = Someone(api, "ru")
    assert reads("ru", "Центр «Центр»") in to_preview(p, "almaty-city")
    assert org_of(bot, send(p)) == "centre"

    # Astana, twice in Russian: the load is spread (centre has one untaken case, north too;
    # equals go by key, then the next request to the one with fewer)
    first = Someone(api, "ru")
    assert reads("ru", "Центр «Центр»") in to_preview(first, "astana")
    assert org_of(bot, send(first)) == "centre"
    second = Someone(api, "ru")
    assert reads("ru", "Центр «Север»") in to_preview(second, "astana")
    assert org_of(bot, send(second)) == "north"

    # Astana in English: only centre reads it, however busy
    p = Someone(api, "en")
    assert reads("en", "Centre Centre") in to_preview(p, "astana")
    assert org_of(bot, send(p)) == "centre"

    # Mangystau: nobody serves it, the national fallback does
    p = Someone(api, "kk")
    assert reads("kk", "Ұлттық желі") in to_preview(p, "mangystau")
    assert org_of(bot, send(p)) == "national"


def test_the_person_may_pick_another_organisation_serving_their_place(
        api: ThreadedServer, bot: BotProcess) -> None:
    p = Someone(api, "kk")
    to_preview(p, "almaty-city")
    p.press(label("kk", "btn-intake-org"))
    assert plain("kk", "case-intake-org-choose").splitlines()[0] in screen(p)
    # the choice is among those serving Almaty: not north, not the national line
    assert "Солтүстік орталығы" not in p.buttons and "Ұлттық желі" not in p.buttons
    p.press("Демалыстағы орталық")
    preview = screen(p)
    assert reads("kk", "Демалыстағы орталық") in preview
    assert "09:00" in preview  # several organisations: the preview tells the chosen one's hours
    case = send(p)
    assert org_of(bot, case) == "shut"
    summary_in(api, SHUT, case)
    # a forged choice of an organisation that does not serve the place changes nothing
    p = Someone(api, "ru")
    to_preview(p, "karaganda")
    assert p.screen is not None
    api.tg.press(p.user_id, p.screen.message_id, "hg:centre")
    api.tg.wait_idle()
    assert reads("ru", "Центр «Север»") in screen(p)


# -- each organisation its own ----------------------------------------------------------------
def test_members_and_admins_act_only_on_their_own_organisations_cases(
        api: ThreadedServer, bot: BotProcess) -> None:
    tg = api.tg
    p = Someone(api, "ru")
    to_preview(p, "karaganda")
    north_case = send(p)
    north_summary = summary_in(api, NORTH, north_case)
    q = Someone(api, "en")
    to_preview(q, "almaty-city")
    centre_case = send(q)
    centre_summary = summary_in(api, CENTRE, centre_case)

    north_defender = tg.user(next(_ids), "Dana", "ru")
    tg.set_member(NORTH, north_defender.user_id)
    north_admin = tg.user(NORTH_ADMIN, "Admin", "ru")
    refused = plain("ru", "case-refused")

    def press(who: int, chat: int, message: int, case_id: int, action: CaseAction) -> str:
        query = tg.press(who, message, CasePress(c=case_id, a=action).pack(), chat_id=chat)
        tg.wait_for(lambda: query in tg.callback_answers, timeout=10)
        return str(tg.callback_answers[query].get("text") or "")

    # a member of north, pressing on centre's summary: not a member there
    assert press(north_defender.user_id, CENTRE, centre_summary, centre_case,
                 CaseAction.TAKE) == refused
    # nor north's admin, who is nothing in centre's group
    assert press(north_admin.user_id, CENTRE, centre_summary, centre_case,
                 CaseAction.TAKE) == refused
    # a forged press in north's group naming centre's case
    assert press(north_defender.user_id, NORTH, north_summary, centre_case,
                 CaseAction.TAKE) == refused
    assert bot.query("SELECT state FROM cases WHERE id = ?", (centre_case,))[0][0] == "new"
    # in north's own group: the member takes, north's admin closes what the member took
    assert press(north_defender.user_id, NORTH, north_summary, north_case,
                 CaseAction.TAKE) == ""
    assert press(north_admin.user_id, NORTH, north_summary, north_case,
                 CaseAction.CLOSE_YES) == ""
    assert bot.query("SELECT state FROM cases WHERE id = ?", (north_case,))[0][0] == "closed"

    # a north member writing in centre's topic, replying to the person's words: not relayed
    q.send("Help me")
    copy = tg.wait_for(lambda: next((m for m in tg.history(CENTRE)
                                     if m.text == "Help me"), None), timeout=15)
    tg.send_text(north_defender, "from the wrong organisation", chat_id=CENTRE,
                 thread_id=copy.thread_id, reply_to=copy.message_id)
    tg.wait_idle()
    bot.settle(tg)
    assert "from the wrong organisation" not in " ".join(q.bot_texts())
    assert plain("ru", "case-refused") in [m.text for m in tg.history(CENTRE)]


# -- from one group to organisations ----------------------------------------------------------
def test_cases_of_the_single_group_keep_working_after_the_move(tmp_path: Path) -> None:
    """A case opened with DEFENDERS_CHAT_ID alone; the bot restarts with ORGANISATIONS_FILE
    (DEFENDERS_CHAT_ID kept, naming north's group): the person's words reach the same topic.
    Its own stand-in, as the module's bot polls the other."""
    api = start_fake_api()
    tg = api.tg
    for chat in GROUPS.values():
        tg.add_forum_group(chat, "Defenders")
    process = start_bot(api, tmp_path, extra_env={"DEFENDERS_CHAT_ID": str(NORTH)})
    try:
        p = Someone(api, "ru")
        to_preview(p, "shymkent")  # one organisation: no name, no choice
        assert plain("ru", "case-intake-org", name="x").split("x")[0] not in screen(p)
        case = send(p)
        summary_in(api, NORTH, case)
        before = [t for t in tg.topics(NORTH) if f"#{case}" in t.name]
        assert len(before) == 1
        process.stop()
        process.extra_env["ORGANISATIONS_FILE"] = str(organisations_file(tmp_path))
        process.start()
        assert org_of(process, case) == "north"
        open_menu(p, "ru")
        to_defender(p, "ru")  # "your request is open": what they type goes to the defender
        p.send("Я снова здесь")
        tg.wait_for(lambda: any(m.text == "Я снова здесь" and m.thread_id == before[0].thread_id
                                for m in tg.history(NORTH)), timeout=15)
        assert [t for t in tg.topics(NORTH) if f"#{case}" in t.name] == before
    finally:
        process.stop()
        api.stop()


# -- canned answers ----------------------------------------------------------------------------
def test_canned_answers_in_the_persons_language_and_per_organisation(
        api: ThreadedServer, bot: BotProcess) -> None:
    tg = api.tg
    defender = tg.user(next(_ids), "Dana", "ru")
    tg.set_member(NORTH, defender.user_id)
    centre_defender = tg.user(next(_ids), "Aruzhan", "ru")
    tg.set_member(CENTRE, centre_defender.user_id)

    def say(who: FakeUser, chat: int, text: str, thread: int | None = None) -> list[str]:
        sent = tg.send_text(who, text, chat_id=chat, thread_id=thread)
        tg.wait_for(lambda: [m for m in tg.history(chat) if m.reply_to == sent["message_id"]],
                    timeout=15)
        return [m.text or "" for m in tg.history(chat) if m.reply_to == sent["message_id"]]

    words = {"kk": "Өтінішіңізді алдық.", "ru": "Мы получили ваше обращение.",
             "en": "We have your request."}
    for locale, text in words.items():
        (saved,) = say(defender, NORTH, f"/answers set received {locale} {text}")
        assert plain("ru", "answers-saved", name="received", language=locale, text=text) == saved
    (listed,) = say(defender, NORTH, "/answers")
    assert plain("ru", "answers-line", name="received", languages="kk, ru, en") in listed

    people = {}
    for locale in ("kk", "ru", "en"):  # north serves Karaganda; English goes there too
        p = Someone(api, locale)
        to_preview(p, "karaganda")
        case = send(p)
        summary_in(api, NORTH, case)
        people[locale] = (p, case, next(t.thread_id for t in tg.topics(NORTH)
                                        if t.name.startswith(f"#{case} ")))
    for locale, (p, _, topic) in people.items():
        tg.send_text(defender, "/a received", chat_id=NORTH, thread_id=topic)
        tg.wait_for(lambda p=p, locale=locale: any(
            t.endswith(words[locale]) for t in p.bot_texts()), timeout=15)
        assert not any(t.endswith(words[other]) for other in words if other != locale
                       for t in p.bot_texts())

    # one language gone: the person in it gets nothing, the defender is told which exist
    say(defender, NORTH, "/answers delete received en")
    p, _, topic = people["en"]
    before = len(p.bot_messages())
    (missing,) = say(defender, NORTH, "/a received", topic)
    assert missing == plain("ru", "answers-missing", name="received", language="en",
                            languages="kk, ru")
    assert len(p.bot_messages()) == before

    # another organisation's group neither sees nor sends north's answers
    q = Someone(api, "ru")
    to_preview(q, "almaty-city")
    centre_case = send(q)
    summary_in(api, CENTRE, centre_case)
    centre_topic = next(t.thread_id for t in tg.topics(CENTRE)
                        if t.name.startswith(f"#{centre_case} "))
    (listed,) = say(centre_defender, CENTRE, "/answers")
    assert "received" not in listed
    (refused,) = say(centre_defender, CENTRE, "/a received", centre_topic)
    assert refused == plain("ru", "answers-not-found", name="received")
