"""The person's side of the handoff, over HTTP with the real bot process: "Write to a social
defender", the intake one question at a time (Back, Change, Cancel, the phone typed or shared,
messages of other kinds), the preview that equals the defenders' summary, Send, and one's open
case. The defenders' side has its own tests (test_e2e_handoff)."""

from __future__ import annotations

import html
import itertools
import json
import re
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from bot.handoff.desk import CaseDesk
from bot.kit.render import Templates
from dialogs.handoff import CITIES, PLACES, Contact, Intake, summarise
from sandbox.fakeapi import ThreadedServer
from tests.fixtures import FORUM_GROUP, real_bot
from tests.harness import BotProcess, Person
from tests.screens import (
    CONTENT,
    EDITION,
    TOTAL,
    answer_all,
    block_line,
    label,
    open_menu,
    plain,
    skip_trace_tips,
    start_assessment,
    to_defender,
    tr,
)

GROUP = FORUM_GROUP
QUESTIONS = 5
_ids = itertools.count(760_001)
# The summary exactly as the bot renders it: the desk's own method, not a copy of it (called
# with just what it reads, so the test does not build a whole desk).
DESK = SimpleNamespace(templates=Templates(), content=CONTENT)


api, bot = real_bot("intake", forum=True)


@pytest.fixture
def person(api: ThreadedServer, bot: BotProcess) -> Callable[..., Person]:
    def make(locale: str = "ru") -> Person:
        return Person(api.tg, next(_ids), locale)

    return make


# -- helpers ------------------------------------------------------------------------------------
def as_shown(text: str) -> str:
    """HTML as Telegram shows it: tags stripped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def screen_text(p: Person) -> str:
    """The screen the person is on: the latest bot message with buttons (the number's echo
    and its keyboard's prompt may come after it, since a typed answer edits the screen)."""
    screens = [m for m in p.bot_messages() if m.buttons]
    assert screens, p.bot_texts()
    return screens[-1].text


def progress(locale: str, number: int) -> str:
    return plain(locale, "case-intake-progress", number=number, total=QUESTIONS)


def begin(p: Person, locale: str) -> None:
    if locale == "en":  # a client in English is asked its language first (kk and ru are not)
        p.send("/start")
        p.press("English")
        p.press(label(locale, "btn-danger-no"))
        skip_trace_tips(p, locale)
    else:
        open_menu(p, locale)
    to_defender(p, locale)
    assert progress(locale, 1) in screen_text(p)


def to_contact(p: Person, locale: str, region: str = "almaty-city", children: bool = True,
               danger: bool = False) -> None:
    p.press(label(locale, f"region-{region}"))
    assert progress(locale, 2) in screen_text(p)
    p.press(label(locale, "btn-yes" if children else "btn-no"))
    assert progress(locale, 3) in screen_text(p)
    p.press(label(locale, "btn-yes" if danger else "btn-no"))
    assert progress(locale, 4) in screen_text(p)


def expected_summary(locale: str, intake: Intake, answers: dict[str, str] | None = None) -> str:
    summary = summarise(intake, locale, CONTENT.assessment, CONTENT.guidance, answers)
    return as_shown(CaseDesk.summary_text(DESK, summary, tr(locale)))  # type: ignore[arg-type]


def cases(bot: BotProcess, user_id: int) -> list[dict[str, Any]]:
    rows = bot.query("SELECT id, state, summary FROM cases WHERE user_id = ? ORDER BY id",
                     (bot.keyed_id(user_id),))
    sealer = bot.sealer()
    return [{"id": r[0], "state": r[1], "summary": json.loads(sealer.open(r[2]))} for r in rows]


def case_number(text: str) -> int:
    found = re.search(r"(?:#|№)(\d+)", text)
    assert found, text
    return int(found.group(1))


# -- the whole way ------------------------------------------------------------------------------
@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_intake_preview_send_then_the_open_case(person: Callable[..., Person], bot: BotProcess,
                                                locale: str) -> None:
    p = person(locale)
    begin(p, locale)
    group_calls = len(bot_calls_to_group(p))
    text = screen_text(p)
    assert plain(locale, "case-intake-intro") in text
    regions = [label(locale, f"region-{place}") for place in PLACES]
    assert p.buttons[:len(PLACES)] == regions  # cities first, then the regions
    assert p.screen is not None and [len(r) for r in p.screen.buttons][:2] == [2, 1]
    assert {label(locale, "btn-back"), label(locale, "btn-intake-cancel"),
            label(locale, "btn-sos"), label(locale, "btn-exit")} <= set(p.buttons)
    to_contact(p, locale)
    p.press(label(locale, "btn-contact-bot"))
    assert progress(locale, 5) in screen_text(p)
    words = "Күйеуім <ұрады> & қорқытады"
    p.send(words)
    intake = Intake(region="almaty-city", children=True, danger_now=False, contact=Contact.BOT,
                    description=words)
    preview = screen_text(p)
    summary = expected_summary(locale, intake)
    assert summary in preview and words in preview
    assert plain(locale, "case-intake-preview-note") in preview
    assert cases(bot, p.user_id) == []  # nothing leaves before Send
    assert len(bot_calls_to_group(p)) == group_calls

    p.press(label(locale, "btn-intake-send"))
    number = case_number(screen_text(p))
    assert screen_text(p) == plain(locale, "case-intake-sent", case=number)
    for emergency in ("112", "102"):
        assert emergency in screen_text(p)
    stored = cases(bot, p.user_id)
    assert [c["id"] for c in stored] == [number] and stored[0]["state"] == "new"
    assert stored[0]["summary"]["region"] == "almaty-city"
    assert stored[0]["summary"]["description"] == words

    # Back to "write to a defender": the case that is open, not a second intake.
    p.press(label(locale, "btn-menu"))
    to_defender(p, locale)
    assert screen_text(p) == plain(locale, "case-mine", case=number)
    p.press(label(locale, "btn-case-close"))
    assert screen_text(p) == plain(locale, "case-mine-close-confirm", case=number)
    p.press(label(locale, "btn-case-keep"))
    assert screen_text(p) == plain(locale, "case-mine", case=number)
    p.press(label(locale, "btn-case-close"))
    p.press(label(locale, "btn-case-close-yes"))
    assert screen_text(p) == plain(locale, "case-mine-closed", case=number)
    assert cases(bot, p.user_id)[0]["state"] == "closed"
    p.press(label(locale, "btn-menu"))
    to_defender(p, locale)
    assert progress(locale, 1) in screen_text(p)  # a new request may be made


def bot_calls_to_group(p: Person) -> list[Any]:
    return [c for c in p.tg.calls if str(c.params.get("chat_id")) == str(GROUP)]


def test_the_preview_carries_a_finished_pre_assessment(person: Callable[..., Person],
                                                       bot: BotProcess) -> None:
    p = person("ru")
    answers = {"3.1": "y", "3.2": "y", "1.1": "y", "2.1": "u"}
    start_assessment(p, "ru")
    answer_all(p, "ru", answers)
    assert block_line("ru", "economic", 5) in screen_text(p)
    p.press(label("ru", "btn-defender"))  # offered after the result
    to_contact(p, "ru", region="shymkent", children=False, danger=True)
    p.press(label("ru", "btn-contact-bot"))
    p.press(label("ru", "btn-intake-skip"))
    every = {c.id: answers.get(c.id, "n") for c in EDITION.criteria}
    intake = Intake(region="shymkent", children=False, danger_now=True)
    preview = screen_text(p)
    assert expected_summary("ru", intake, every) in preview
    assert preview.startswith(plain("ru", "case-intake-danger-note"))
    p.press(label("ru", "btn-intake-send"))
    stored = cases(bot, p.user_id)[0]["summary"]
    assert stored["urgent"] is True and stored["threshold"] is not None


# -- Back, Change, Cancel -----------------------------------------------------------------------
def test_back_marks_the_earlier_answer_and_leaves_from_the_first_question(
        person: Callable[..., Person]) -> None:
    p = person("kk")
    begin(p, "kk")
    to_contact(p, "kk", region="ulytau", children=False, danger=True)
    assert screen_text(p).startswith(plain("kk", "case-intake-danger-note"))
    p.press(label("kk", "btn-back"))
    assert progress("kk", 3) in screen_text(p)
    assert "✓ " + label("kk", "btn-yes") in p.buttons
    p.press(label("kk", "btn-back"))
    assert "✓ " + label("kk", "btn-no") in p.buttons
    p.press(label("kk", "btn-back"))
    assert "✓ " + label("kk", "region-ulytau") in p.buttons
    p.press(label("kk", "btn-back"))
    assert screen_text(p).startswith(plain("kk", "case-intake-cancelled"))
    assert label("kk", "btn-talk") in p.buttons


def test_change_returns_to_the_preview_and_cancel_sends_nothing(
        person: Callable[..., Person], bot: BotProcess) -> None:
    p = person("ru")
    begin(p, "ru")
    to_contact(p, "ru")
    p.press(label("ru", "btn-contact-bot"))
    p.press(label("ru", "btn-intake-skip"))
    p.press(label("ru", "btn-intake-change"))
    assert screen_text(p) == plain("ru", "case-intake-change")
    p.press(label("ru", "btn-back"))  # back to the preview, unchanged
    intake = Intake(region="almaty-city", children=True, danger_now=False)
    assert expected_summary("ru", intake) in screen_text(p)

    p.press(label("ru", "btn-intake-change"))
    p.press(label("ru", "btn-change-region"))
    assert "✓ " + label("ru", "region-almaty-city") in p.buttons
    p.press(label("ru", "region-pavlodar"))
    intake = Intake(region="pavlodar", children=True, danger_now=False)
    assert expected_summary("ru", intake) in screen_text(p)  # straight back to the preview

    p.press(label("ru", "btn-intake-change"))
    p.press(label("ru", "btn-change-description"))
    p.send("Помогите, пожалуйста")
    intake = Intake(region="pavlodar", children=True, danger_now=False,
                    description="Помогите, пожалуйста")
    assert expected_summary("ru", intake) in screen_text(p)

    p.press(label("ru", "btn-intake-change"))
    p.press(label("ru", "btn-change-danger"))
    p.press(label("ru", "btn-yes"))
    urgent = Intake(region="pavlodar", children=True, danger_now=True,
                    description="Помогите, пожалуйста")
    assert expected_summary("ru", urgent) in screen_text(p)
    assert plain("ru", "case-urgent") in screen_text(p)

    p.press(label("ru", "btn-intake-cancel"))
    assert screen_text(p).startswith(plain("ru", "case-intake-cancelled"))
    assert cases(bot, p.user_id) == []
    to_defender(p, "ru")  # a new intake starts from the beginning
    assert progress("ru", 1) in screen_text(p)
    assert not [b for b in p.buttons if b.startswith("✓ ")]


def test_a_questionnaire_under_way_is_kept_through_the_intake(
        person: Callable[..., Person]) -> None:
    p = person("ru")
    start_assessment(p, "ru")
    p.press(label("ru", "btn-no"))
    p.press(label("ru", "btn-menu"))
    to_defender(p, "ru")
    p.press(label("ru", "btn-intake-cancel"))
    assert label("ru", "btn-assess-resume", number=2, total=TOTAL) in p.buttons


# -- the phone ----------------------------------------------------------------------------------
def phone_step(p: Person, locale: str) -> None:
    begin(p, locale)
    to_contact(p, locale)
    p.press(label(locale, "btn-contact-phone"))
    prompt = p.bot_messages()[-1]
    assert prompt.text == plain(locale, "case-intake-phone-button")
    assert prompt.keyboard == [[label(locale, "btn-share-phone")]]
    assert plain(locale, "case-intake-phone").split("\n")[0] in p.bot_messages()[-2].text


def removed_keyboard(p: Person, since: int) -> bool:
    return any(c.method == "sendMessage" and str(c.params.get("chat_id")) == str(p.chat_id)
               and (c.params.get("reply_markup") or {}).get("remove_keyboard")
               for c in p.tg.calls[since:])


def test_phone_typed_invalid_then_valid(person: Callable[..., Person]) -> None:
    p = person("kk")
    phone_step(p, "kk")
    p.send("ертең хабарласыңыз")
    assert screen_text(p).startswith(plain("kk", "case-intake-phone-invalid"))
    p.send("12")
    assert screen_text(p).startswith(plain("kk", "case-intake-phone-invalid"))
    before = len(p.tg.calls)
    p.send("8 (701) 234-56-78")
    assert removed_keyboard(p, before)
    texts = p.bot_texts()
    assert plain("kk", "case-intake-phone-saved", phone="+7 7•• ••• •• 78") in texts
    assert plain("kk", "case-intake-phone-button") not in texts  # the prompt is deleted
    assert progress("kk", 5) in screen_text(p)
    p.press(label("kk", "btn-intake-skip"))
    assert "+77012345678" in screen_text(p)
    intake = Intake(region="almaty-city", children=True, danger_now=False,
                    contact=Contact.PHONE, phone="+77012345678")
    assert expected_summary("kk", intake) in screen_text(p)
    # Changing the contact back to "only here" forgets the number.
    p.press(label("kk", "btn-intake-change"))
    p.press(label("kk", "btn-change-contact"))
    p.press(label("kk", "btn-contact-bot"))
    assert "+77012345678" not in screen_text(p)


def test_phone_shared_only_ones_own(person: Callable[..., Person], api: ThreadedServer) -> None:
    p = person("ru")
    phone_step(p, "ru")
    someone = {"phone_number": "+77770000000", "first_name": "Other", "user_id": 1}
    before = len(p.tg.calls)
    api.tg.push_raw_update("message", {
        "message_id": 10_000_000 + p.user_id % 1000, "date": api.tg.now(),
        "chat": {"id": p.chat_id, "type": "private", "first_name": "Aigerim"},
        "from": p.user.as_json(), "contact": someone})
    p.wait_reply(before)
    assert screen_text(p).startswith(plain("ru", "case-intake-phone-not-own"))
    assert "+77770000000" not in " ".join(p.bot_texts())
    p.send_media("contact")  # the person's own, from the button
    assert plain("ru", "case-intake-phone-saved", phone="+7 7•• ••• •• 67") in p.bot_texts()
    assert not [m for m in p.history() if m.kind == "contact"]  # neither card stays
    assert progress("ru", 5) in screen_text(p)


def test_leaving_the_phone_step_by_a_button_removes_the_keyboard(
        person: Callable[..., Person]) -> None:
    p = person("ru")
    phone_step(p, "ru")
    before = len(p.tg.calls)
    p.press(label("ru", "btn-back"))
    assert removed_keyboard(p, before)
    assert progress("ru", 4) in screen_text(p)
    assert [m.text for m in p.bot_messages()
            if m.text in (plain("ru", "case-intake-phone-button"),
                          plain("ru", "case-intake-phone-closed"))] == []


# -- what stays in the chat ----------------------------------------------------------------------
PHONE_TYPED = "8 (701) 234-56-78"


def person_messages(p: Person) -> list[str]:
    return [m.text or m.kind for m in p.history() if not m.from_bot and m.kind != "service"]


def number_shown(p: Person) -> list[str]:
    """Bot messages still in the chat that show the number whole, in any spelling."""
    return [m.text for m in p.bot_messages()
            if "77012345678" in re.sub(r"\D", "", m.text) or "701" in m.text]


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_the_intake_leaves_no_typed_answer_and_no_number_in_the_chat(
        person: Callable[..., Person], locale: str) -> None:
    p = person(locale)
    begin(p, locale)
    screen = p.screen
    assert screen is not None
    to_contact(p, locale)
    p.press(label(locale, "btn-contact-phone"))
    p.send("not a number")  # a wrong try is not kept either
    assert screen_text(p).startswith(plain(locale, "case-intake-phone-invalid"))
    p.send(PHONE_TYPED)
    echo = plain(locale, "case-intake-phone-saved", phone="+7 7•• ••• •• 78")
    assert echo in p.bot_texts()
    words = "Ол мені қорқытады / он мне угрожает"
    p.send(words)
    assert person_messages(p) == ["/start"]  # the answers were taken, and deleted
    # one intake screen, edited in place from the first question to the preview
    intake_screens = [m for m in p.bot_messages() if m.buttons]
    assert [m.message_id for m in intake_screens] == [screen.message_id]
    assert plain(locale, "case-intake-preview-note") in screen_text(p)
    assert "+77012345678" in screen_text(p) and words in screen_text(p)  # what defenders get

    p.press(label(locale, "btn-intake-send"))
    number = case_number(screen_text(p))
    assert [m.message_id for m in p.bot_messages() if m.buttons] == [screen.message_id]
    assert screen_text(p).startswith(plain(locale, "case-intake-sent", case=number))
    assert person_messages(p) == ["/start"]
    assert number_shown(p) == []
    assert not [t for t in p.bot_texts() if words in t]
    assert [m.text for m in p.bot_messages()].count(echo) == 1


# -- what the intake does not expect ------------------------------------------------------------
def test_other_kinds_of_message_get_a_calm_reprompt_at_every_step(
        person: Callable[..., Person]) -> None:
    p = person("ru")
    begin(p, "ru")
    buttons, typed = plain("ru", "case-intake-reprompt-buttons"), \
        plain("ru", "case-intake-reprompt-text")
    steps: list[tuple[Callable[[], object], int, str]] = [
        (lambda: p.send_media("sticker"), 1, buttons),
        (lambda: p.press(label("ru", f"region-{CITIES[0]}")), 2, ""),
        (lambda: p.send("да"), 2, buttons),
        (lambda: p.press(label("ru", "btn-no")), 3, ""),
        (lambda: p.send_media("photo"), 3, buttons),
        (lambda: p.press(label("ru", "btn-no")), 4, ""),
        (lambda: p.send_media("voice"), 4, buttons),
        (lambda: p.press(label("ru", "btn-contact-phone")), 4, ""),
        (lambda: p.send_media("sticker"), 4, typed),
        (lambda: p.send("+7 701 111 22 33"), 5, ""),
        (lambda: p.send_media("photo", caption="вот"), 5, typed),
        (lambda: p.send("/unknown"), 5, typed),
        (lambda: p.send_media("location"), 5, typed),
    ]
    for act, number, reprompt in steps:
        act()
        text = [m for m in p.bot_messages() if m.buttons][-1].text  # not the number's prompt
        assert progress("ru", number) in text, text
        if reprompt:
            assert reprompt in text
    p.send("Теперь словами")
    assert "Теперь словами" in screen_text(p)
    assert plain("ru", "case-intake-preview-note") in screen_text(p)


def test_a_forged_or_old_button_shows_where_one_is(person: Callable[..., Person]) -> None:
    p = person("ru")
    begin(p, "ru")
    first = p.screen
    assert first is not None
    p.press(label("ru", "region-astana"))
    p.press_data("ha:r:nowhere", first.message_id)
    assert p.callback_answer == plain("ru", "stale-button")
    assert progress("ru", 2) in screen_text(p)
    p.press_data("hp:s:r", first.message_id)  # Send, from a question
    assert p.callback_answer == plain("ru", "stale-button")
    assert progress("ru", 2) in screen_text(p)
    p.press_data("mc:y", first.message_id)  # closing a case one does not have
    assert p.callback_answer == plain("ru", "stale-button")


def test_the_hotlines_stay_reachable_and_offer_a_defender(person: Callable[..., Person]) -> None:
    p = person("kk")
    open_menu(p, "kk")
    p.press(label("kk", "btn-talk"))
    text = screen_text(p)
    assert "111" in text and "150" in text
    assert plain("kk", "talk-defender-offer") in text
    p.press(label("kk", "btn-defender"))
    assert progress("kk", 1) in screen_text(p)
