"""Worried about someone else (/someone) over HTTP with the real bot process, in kk and ru:
the section from the menu and the command; how to talk (general advice, labelled); the six who
may apply on a person's behalf, quoted with their source and the notice that the act was
replaced; how to report and when a child is harmed; the pre-assessment worded about "the
person" through to its result, with Back and resume kept in the sealed dialog data; the request
to a defender whose topic summary says it comes from a third party; /forget erases it all."""

from __future__ import annotations

import html
import itertools
import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from bot.assessment.callbacks import QuestionAction, QuestionPress
from bot.someone_else.router import statement_section, who_section
from dialogs.legal import Criterion
from dialogs.questionnaire import Progress
from tests.fixtures import FORUM_GROUP, people, real_bot, text
from tests.harness import BotProcess, Person
from tests.screens import CONTENT, EDITION, THRESHOLD, TOTAL, label, open_menu, plain, to_defender

GROUP = FORUM_GROUP
_ids = itertools.count(890_001)
ANSWER = {"y": "btn-yes", "n": "btn-no", "u": "btn-unsure"}
LOCALES = ["kk", "ru"]

api, bot = real_bot("someone", forum=True)


person = people(_ids)


# -- helpers -----------------------------------------------------------------------------------
def shown(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


def dialog(bot: BotProcess, user_id: int) -> dict[str, Any] | None:
    return bot.stored_dialog(user_id)  # in the database, or in Redis


def answers_of(data: dict[str, Any]) -> dict[str, str]:
    """The answers of the check kept in a dialog's data, read as the bot reads them."""
    progress = Progress.from_data(data["assessment"])
    assert progress is not None
    return progress.answers


def cases(bot: BotProcess, user_id: int) -> list[dict[str, Any]]:
    rows = bot.query("SELECT id, summary FROM cases WHERE user_id = ? ORDER BY id",
                     (bot.keyed_id(user_id),))
    return [{"id": r[0], "summary": json.loads(bot.sealer().open(r[1]))} for r in rows]


def case_row(bot: BotProcess, case_id: int) -> tuple[Any, ...]:
    rows = bot.query("SELECT user_id, summary FROM cases WHERE id = ?", (case_id,))
    assert rows
    return tuple(rows[0])


def section(p: Person, locale: str) -> None:
    """The section from the main menu."""
    open_menu(p, locale)
    p.press(label(locale, "btn-someone"))
    assert plain(locale, "so-title") in text(p)


def on_question(p: Person, locale: str, number: int) -> Criterion:
    """The question `number` is on screen, worded about the person; returns its criterion."""
    criterion = EDITION.criteria[number - 1]
    assert criterion.question_other is not None
    screen = text(p)
    assert plain(locale, "question-progress", number=number, total=TOTAL) in screen
    assert criterion.question_other.get(locale) in screen, screen
    assert criterion.question.get(locale) not in screen
    assert plain(locale, "so-about-other") in screen
    return criterion


def start_check(p: Person, locale: str) -> None:
    section(p, locale)
    p.press(label(locale, "so-btn-check"))
    assert plain(locale, "so-check-title") in text(p)
    p.press(label(locale, "btn-assess-start"))
    on_question(p, locale, 1)


def answer_rest(p: Person, locale: str, answers: dict[str, str], start: int = 1) -> None:
    for number in range(start, TOTAL + 1):
        criterion = on_question(p, locale, number)
        p.press(label(locale, ANSWER[answers.get(criterion.id, "n")]))


# -- the section -------------------------------------------------------------------------------
@pytest.mark.parametrize("locale", LOCALES)
def test_the_section_from_the_menu_and_the_command(person: Callable[..., Person],
                                                   locale: str) -> None:
    p = person(locale)
    section(p, locale)
    screen_id = p.screen.message_id if p.screen else None
    for msg_id in ("so-btn-talk", "so-btn-who", "so-btn-report", "so-btn-child",
                   "so-btn-check", "btn-someone-defender", "btn-sos", "btn-exit"):
        assert label(locale, msg_id) in p.buttons, msg_id
    p.press(label(locale, "so-btn-talk"))
    talk = text(p)
    assert shown(str(label(locale, "so-talk"))) == talk
    assert "112" in talk and "102" in talk
    assert p.screen is not None and p.screen.message_id == screen_id  # edited in place
    p.press(label(locale, "btn-someone-all"))
    assert plain(locale, "so-intro") in text(p)
    p.send("/someone")
    assert plain(locale, "so-intro") in text(p)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_six_who_may_apply_with_their_source(person: Callable[..., Person],
                                                 locale: str) -> None:
    p = person(locale)
    section(p, locale)
    p.press(label(locale, "so-btn-who"))
    screen = text(p)
    who = who_section(CONTENT.rights)
    assert who is not None and len(who.items) == 6
    for number, item in enumerate(who.items, start=1):
        assert f"{number}. {item.get(locale)}" in screen
    source = CONTENT.rights.source
    assert source.act.get(locale) in screen and source.edition in screen
    assert source.notice is not None and source.notice.get(locale) in screen  # superseded
    assert plain(locale, "so-who-reason") in screen
    assert plain(locale, "advice-label") in screen  # the advice is labelled as such
    assert label(locale, "btn-rights") in p.buttons


@pytest.mark.parametrize("locale", LOCALES)
def test_how_to_report_and_when_a_child_is_harmed(person: Callable[..., Person],
                                                  locale: str) -> None:
    p = person(locale)
    section(p, locale)
    p.press(label(locale, "so-btn-report"))
    screen = text(p)
    for msg_id in ("so-report-danger", "so-report-police", "so-report-complaint"):
        assert plain(locale, msg_id) in screen, msg_id
    statement = statement_section(CONTENT.guidance)
    assert statement is not None
    for item in statement.items:
        assert item.get(locale) in screen
    assert CONTENT.guidance.source.act.get(locale) in screen
    p.press(label(locale, "btn-someone-all"))
    p.press(label(locale, "so-btn-child"))
    child = text(p)
    assert shown(str(label(locale, "so-child"))) == child
    for number in ("112", "102", "150", "111", "789", "72-VIII"):
        assert number in child, number


# -- the check about the person ------------------------------------------------------------------
@pytest.mark.parametrize("locale", LOCALES)
def test_the_check_about_the_person_through_to_the_result(person: Callable[..., Person],
                                                          bot: BotProcess,
                                                          locale: str) -> None:
    p = person(locale)
    start_check(p, locale)
    p.press(label(locale, "btn-yes"))  # 1.1: 3 points
    on_question(p, locale, 2)
    p.press(label(locale, "btn-back"))  # Back keeps the wording about the person
    on_question(p, locale, 1)
    p.press(label(locale, "btn-yes"))
    on_question(p, locale, 2)
    data = dialog(bot, p.user_id)
    assert data is not None and data["assessment"]["other"] is True  # sealed dialog data

    # Resume from the menu: the label says whose check it is, the wording stays.
    p.press(label(locale, "btn-menu"))
    resume = label(locale, "btn-assess-resume-other", number=2, total=TOTAL)
    assert resume in p.buttons
    p.press(resume)
    on_question(p, locale, 2)

    # Skip a group: still about the person.
    p.press(label(locale, "btn-skip-block"))
    first_psychological = next(i for i, c in enumerate(EDITION.criteria, start=1)
                               if c.id.startswith("2."))
    on_question(p, locale, first_psychological)
    answer_rest(p, locale, {"2.1": "y", "2.3": "y"}, start=first_psychological)  # 3 + 5
    result = text(p)
    assert plain(locale, "so-result-title") in result
    assert plain(locale, "so-result-recognised", threshold=THRESHOLD) in result
    assert EDITION.meaning_other is not None and EDITION.meaning_other.get(locale) in result
    assert EDITION.meaning.get(locale) not in result
    assert plain(locale, "urgent-note-other") in result  # 2.3 may mean danger to life
    assert plain(locale, "result-recognised", threshold=THRESHOLD) not in result
    assert label(locale, "btn-someone-defender") in p.buttons

    # Again: a new check about the person, not about oneself.
    p.press(label(locale, "btn-assess-again"))
    on_question(p, locale, 1)


def test_a_yes_to_2_2_brings_help_for_the_one_asking(person: Callable[..., Person]) -> None:
    p = person("kk")
    start_check(p, "kk")
    for number in range(1, TOTAL + 1):
        criterion = on_question(p, "kk", number)
        if criterion.id == "2.2":
            p.press(label("kk", "btn-yes"))
            break
        p.press(label("kk", "btn-no"))
    support = next(c.support_other for c in EDITION.criteria if c.id == "2.2")
    assert support is not None and support.kk in text(p)
    assert plain("kk", "urgent-note-other") in text(p)


def test_a_check_about_oneself_under_way_is_named_before_it_is_replaced(
        person: Callable[..., Person], bot: BotProcess) -> None:
    p = person("ru")
    open_menu(p, "ru")
    p.press(label("ru", "btn-assess"))
    p.press(label("ru", "btn-assess-start"))
    p.press(label("ru", "btn-yes"))
    p.press(label("ru", "btn-menu"))
    p.press(label("ru", "btn-someone"))
    p.press(label("ru", "so-btn-check"))
    assert plain("ru", "so-check-replaces") in text(p)
    # a press that does not name the check it replaces (older, or forged) replaces nothing
    assert p.screen is not None
    p.press_data(QuestionPress(q=0, act=QuestionAction.OTHER).pack(), p.screen.message_id)
    assert p.callback_answer == plain("ru", "stale-button")
    assert plain("ru", "so-check-replaces") in text(p)
    data = dialog(bot, p.user_id)
    assert data is not None and answers_of(data) == {"1.1": "y"}
    p.press(label("ru", "btn-assess-start"))
    on_question(p, "ru", 1)
    data = dialog(bot, p.user_id)
    assert data is not None and answers_of(data) == {}


# -- the request to a defender -----------------------------------------------------------------
def topic_summaries(p: Person) -> list[str]:
    return [m.text for m in p.tg.history(GROUP) if m.kind != "service" and m.buttons]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_request_is_marked_third_party_and_forget_erases_it(
        person: Callable[..., Person], bot: BotProcess, locale: str) -> None:
    p = person(locale)
    start_check(p, locale)
    answer_rest(p, locale, {"3.1": "y", "3.2": "y", "2.1": "u"})
    p.press(label(locale, "btn-someone-defender"))  # from the result
    screen = text(p)
    assert plain(locale, "so-intake-intro") in screen
    assert plain(locale, "so-intake-region") in screen
    p.press(label(locale, "region-shymkent"))
    assert plain(locale, "so-intake-children") in text(p)
    p.press(label(locale, "btn-no"))
    assert plain(locale, "so-intake-danger") in text(p)
    p.press(label(locale, "btn-yes"))
    assert plain(locale, "so-intake-danger-note") in text(p)
    p.press(label(locale, "btn-contact-bot"))
    assert plain(locale, "so-intake-description") in text(p)
    p.press(label(locale, "btn-intake-skip"))
    preview = text(p)
    for msg_id in ("so-case-note", "so-intake-preview-note", "case-intake-preview-note"):
        assert plain(locale, msg_id) in preview, msg_id
    # the "not sure" answer is listed as it was asked: about the person
    unsure = next(c for c in EDITION.criteria if c.id == "2.1")
    assert unsure.question_other is not None
    assert unsure.question_other.get(locale) in preview

    before = len(topic_summaries(p))
    p.press(label(locale, "btn-intake-send"))
    stored = cases(bot, p.user_id)
    assert len(stored) == 1
    summary = stored[0]["summary"]
    assert summary["third_party"] is True and summary["recognised"] is True
    assert summary["urgent"] is True  # the person is in danger now
    # The defenders' topic (their language: ru by default) says it plainly.
    topic = p.tg.wait_for(lambda: (s := topic_summaries(p)) and len(s) > before and s[-1],
                          timeout=10)
    assert plain("ru", "so-case-note") in shown(topic)
    assert unsure.question_other.ru in shown(topic)

    p.send("/forget")
    p.press(label(locale, "btn-erase-yes"))
    # the press is answered before the update's writes commit: wait for them, not a moment
    user_id, sealed = p.tg.wait_for(
        lambda: (row := case_row(bot, stored[0]["id"]))[0] is None and row, timeout=10)
    assert user_id is None  # the case no longer leads to the person
    left = json.loads(bot.sealer().open(sealed)) if sealed else {}
    assert "third_party" not in left and "region" not in left  # the summary and its mark

    assert dialog(bot, p.user_id) is None


def test_mydata_says_whose_answers_are_kept(person: Callable[..., Person]) -> None:
    p = person("kk")
    start_check(p, "kk")
    p.press(label("kk", "btn-yes"))
    p.send("/mydata")
    screen = text(p)
    assert plain("kk", "mydata-assessment-answers", count=1) in screen
    assert plain("kk", "so-mydata-about-other") in screen


def test_a_request_from_the_menu_after_a_check_about_the_person_is_about_them(
        person: Callable[..., Person], bot: BotProcess) -> None:
    p = person("ru")
    start_check(p, "ru")
    answer_rest(p, "ru", {"1.1": "y"})
    p.press(label("ru", "btn-menu"))
    to_defender(p, "ru")
    assert plain("ru", "so-intake-region") in text(p)
    p.press(label("ru", "btn-intake-cancel"))  # nothing sent, the check kept
    assert cases(bot, p.user_id) == []
    data = dialog(bot, p.user_id)
    assert data is not None and data["assessment"]["other"] is True
