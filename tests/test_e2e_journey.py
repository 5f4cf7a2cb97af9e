"""The victim journey over HTTP, in kk and ru: danger, pre-assessment, rights, guidance, exit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.databases import query, table_columns
from tests.harness import BotProcess, Person
from tests.screens import (
    CONTENT,
    EDITION,
    THRESHOLD,
    TOTAL,
    answer_all,
    block_line,
    from_more,
    label,
    open_menu,
    plain,
    start_assessment,
)

LOCALES = ("kk", "ru")


@pytest.mark.parametrize("locale", LOCALES)
def test_danger_screen_gives_the_numbers_and_lets_one_continue(
        make_person: Callable[..., Person], locale: str) -> None:
    person = make_person(locale)
    person.send("/start")
    person.press(label(locale, "btn-danger-yes"))
    assert person.screen is not None
    text = person.screen.text
    for number in ("112", "102", "111", "150"):
        assert number in text
    assert label(locale, "btn-sos") not in person.buttons  # no button leading to itself
    assert label(locale, "btn-exit") in person.buttons
    person.press(label(locale, "btn-continue"))
    assert person.screen.text == plain(locale, "menu-title")
    # one tap away from every later screen
    person.press(label(locale, "btn-rights"))
    person.press(label(locale, "btn-sos"))
    assert "111" in person.screen.text


@pytest.mark.parametrize("locale", LOCALES)
def test_threshold_reached_within_one_block(make_person: Callable[..., Person],
                                            locale: str) -> None:
    person = make_person(locale)
    start_assessment(person, locale)
    answer_all(person, locale, {"3.1": "y", "3.2": "y", "1.1": "y", "2.1": "u"})
    assert person.screen is not None
    text = person.screen.text
    assert block_line(locale, "physical", 3) in text
    assert block_line(locale, "psychological", 0) in text
    assert block_line(locale, "economic", 5) in text
    assert block_line(locale, "sexual", 0) in text
    assert plain(locale, "result-recognised", threshold=THRESHOLD) in text
    assert EDITION.meaning.get(locale) in text
    assert plain(locale, "result-unsure", count=1) in text
    assert EDITION.criteria[5].question.get(locale) in text  # 2.1, answered "not sure"
    assert EDITION.source.notice is not None and EDITION.source.notice.get(locale) in text
    # guidance is offered for the blocks that scored, and for the one with a "not sure"
    guide = [b for b in person.buttons if b.startswith(label(locale, "btn-guide-for", kind=""))]
    assert len(guide) == 3
    assert plain(locale, "result-next") in text


@pytest.mark.parametrize("locale", LOCALES)
def test_points_split_across_blocks_are_not_recognised(make_person: Callable[..., Person],
                                                       locale: str) -> None:
    person = make_person(locale)
    start_assessment(person, locale)
    answer_all(person, locale, {"1.1": "y", "3.2": "y", "2.1": "y", "3.5": "n"})
    text = person.screen.text if person.screen else ""
    assert block_line(locale, "physical", 3) in text
    assert block_line(locale, "psychological", 3) in text
    assert block_line(locale, "economic", 2) in text
    assert block_line(locale, "sexual", 0) in text
    assert plain(locale, "result-not-recognised", threshold=THRESHOLD) in text


@pytest.mark.parametrize("locale", LOCALES)
def test_back_and_skip_block(make_person: Callable[..., Person], locale: str) -> None:
    person = make_person(locale)
    start_assessment(person, locale)
    person.press(label(locale, "btn-yes"))  # 1.1
    person.press(label(locale, "btn-back"))
    assert plain(locale, "question-progress", number=1, total=TOTAL) in person.screen.text
    assert plain(locale, "question-previous", answer="y") in person.screen.text
    person.press(label(locale, "btn-yes"))  # 1.1 again
    person.press(label(locale, "btn-skip-block"))  # the rest of the physical block
    assert plain(locale, "question-progress", number=6, total=TOTAL) in person.screen.text
    person.press(label(locale, "btn-skip-block"))  # psychological
    person.press(label(locale, "btn-skip-block"))  # economic
    assert plain(locale, "question-progress", number=14, total=TOTAL) in person.screen.text
    person.press(label(locale, "btn-back"))  # back into the economic block
    assert plain(locale, "question-progress", number=9, total=TOTAL) in person.screen.text
    for _ in range(5 + 3):
        person.press(label(locale, "btn-no"))
    text = person.screen.text
    assert block_line(locale, "physical", 3) in text
    assert plain(locale, "result-skipped") in text


@pytest.mark.parametrize("locale", LOCALES)
def test_legal_wording_on_request(make_person: Callable[..., Person], locale: str) -> None:
    person = make_person(locale)
    start_assessment(person, locale)
    person.press(label(locale, "btn-legal-words"))
    text = person.screen.text
    assert EDITION.criteria[0].legal.get(locale) in text
    assert EDITION.source.act.get(locale) in text
    person.press(label(locale, "btn-plain-words"))
    assert EDITION.criteria[0].legal.get(locale) not in person.screen.text


@pytest.mark.parametrize("locale", LOCALES)
def test_rights_show_source_and_superseded_notice(make_person: Callable[..., Person],
                                                  locale: str) -> None:
    rights = CONTENT.rights
    person = make_person(locale)
    open_menu(person, locale)
    person.press(label(locale, "btn-rights"))
    assert rights.source.notice is not None
    assert rights.source.notice.get(locale) in person.screen.text
    for index, section in enumerate(rights.sections):
        if index == 0:
            person.press(f"1. {section.title.get(locale)}")
        else:
            person.press(label(locale, "btn-next"))
        text = person.screen.text
        assert section.title.get(locale) in text
        assert all(item.get(locale) in text for item in section.items)
        assert rights.source.act.get(locale) in text
        assert rights.source.notice.get(locale) in text


@pytest.mark.parametrize("locale", LOCALES)
def test_guidance_for_every_kind_with_sources(make_person: Callable[..., Person],
                                              locale: str) -> None:
    guidance = CONTENT.guidance
    person = make_person(locale)
    open_menu(person, locale)
    for kind in guidance.kinds:
        person.press(label(locale, "btn-guide"))
        person.press(kind.title.get(locale))
        assert kind.summary.get(locale) in person.screen.text
        person.press(f"1. {kind.sections[0].title.get(locale)}")
        for index, section in enumerate(kind.sections):
            if index:
                person.press(label(locale, "btn-next"))
            text = person.screen.text
            assert section.title.get(locale) in text
            assert all(item.get(locale) in text for item in section.items)
            assert guidance.source.act.get(locale) in text
            # the manual's guidance is dated: the "replaced" warning sits on the sections
            # that changed (with a note), the others cite the manual plainly
            assert (plain(locale, "source-outdated") in text) == bool(section.note)
            if section.source:
                assert section.source.act.get(locale) in text
            if section.note:
                assert section.note.get(locale) in text
            if section.advice:  # general advice, not from Appendix 3: under its own label
                assert plain(locale, "advice-label") in text
                assert all(item.get(locale) in text for item in section.advice)
        person.press(label(locale, "btn-menu"))


def test_guidance_offered_from_the_result(make_person: Callable[..., Person]) -> None:
    person = make_person("kk")
    start_assessment(person, "kk")
    answer_all(person, "kk", {"4.1": "y"})
    kind = CONTENT.guidance.kind_by_id("sexual")
    assert kind is not None
    person.press(label("kk", "btn-guide-for", kind=kind.title.get("kk")))
    assert kind.summary.get("kk") in person.screen.text


@pytest.mark.parametrize("locale", LOCALES)
def test_quick_exit_leaves_only_a_neutral_message(make_person: Callable[..., Person],
                                                  locale: str) -> None:
    person = make_person(locale)
    start_assessment(person, locale)
    person.press(label(locale, "btn-yes"))
    person.send("я не знаю что делать")
    person.send_media("sticker")
    person.press(label(locale, "btn-exit"))
    visible = person.history()
    assert [m.text for m in visible] == [plain(locale, "exit-neutral")]
    assert visible[0].buttons == []
    assert len(person.history(include_deleted=True)) > 5
    # the dialog is kept: the person can come back to the same question
    person.send("/start")
    person.press(label(locale, "btn-danger-no"))
    person.press(label(locale, "btn-assess-resume", number=2, total=TOTAL))
    assert plain(locale, "question-progress", number=2, total=TOTAL) in person.screen.text


def test_exit_command_clears_the_chat_too(make_person: Callable[..., Person]) -> None:
    person = make_person("ru")
    open_menu(person, "ru")
    person.send("/exit")
    assert [m.text for m in person.history()] == [plain("ru", "exit-neutral")]


def rows_naming(where: Path | str, person_id: int) -> dict[str, int]:
    found = {}
    for table, columns in table_columns(where).items():
        for column in {"user_id", "chat_id"} & set(columns):
            count = query(where, f"SELECT COUNT(*) FROM {table} WHERE {column} = ?",
                          (person_id,))[0][0]
            if count:
                found[f"{table}.{column}"] = count
    return found


@pytest.mark.parametrize("locale", LOCALES)
def test_forget_removes_the_person_from_every_table(
        make_person: Callable[..., Person], bot_process: BotProcess, locale: str) -> None:
    person = make_person(locale)
    start_assessment(person, locale)
    person.press(label(locale, "btn-yes"))
    db_file = bot_process.database
    in_db = {"people.user_id", "chat_messages.chat_id"} | \
        (set() if bot_process.redis_url else {"fsm_state.user_id"})  # or the dialog in Redis
    keyed = bot_process.keyed_id(person.user_id)  # rows name people so (storage.ids)
    assert rows_naming(db_file, person.user_id) == {}  # never by the id itself
    assert set(rows_naming(db_file, keyed)) >= in_db
    assert bot_process.stored_dialog(person.user_id) is not None
    person.send("/forget")
    person.press(label(locale, "btn-erase-yes"))
    assert [m.text for m in person.history()] == [plain(locale, "forget-done")]  # chat cleared
    assert rows_naming(db_file, keyed) == {}
    assert bot_process.stored_dialog(person.user_id) is None


def test_declining_to_forget_keeps_everything(make_person: Callable[..., Person]) -> None:
    person = make_person("ru")
    start_assessment(person, "ru")
    person.press(label("ru", "btn-no"))
    person.press(label("ru", "btn-menu"))
    from_more(person, "ru", "btn-forget")
    person.press(label("ru", "btn-erase-no"))
    assert person.screen.text.startswith(plain("ru", "forget-kept"))
    assert label("ru", "btn-assess-resume", number=2, total=TOTAL) in person.buttons


def test_talk_to_a_person_gives_real_contacts(make_person: Callable[..., Person]) -> None:
    person = make_person("kk")
    open_menu(person, "kk")
    assert label("kk", "btn-defender") not in person.buttons  # no defenders' group set
    person.press(label("kk", "btn-talk"))
    assert "111" in person.screen.text and "150" in person.screen.text
    assert plain("kk", "talk-no-defender") in person.screen.text
    assert label("kk", "btn-defender") not in person.buttons


@pytest.mark.parametrize("locale", LOCALES)
def test_a_yes_that_means_danger_to_life_brings_the_numbers_at_once(
        make_person: Callable[..., Person], locale: str) -> None:
    urgent = [c.id for c in EDITION.criteria if c.urgent]
    assert "2.2" in urgent and "2.3" in urgent
    person = make_person(locale)
    start_assessment(person, locale)
    for _ in range(6):  # 1.1 … 2.1
        person.press(label(locale, "btn-no"))
    assert plain(locale, "urgent-note") not in person.screen.text
    person.press(label(locale, "btn-yes"))  # 2.2: driven to suicide
    assert plain(locale, "urgent-note") in person.screen.text
    assert plain(locale, "question-progress", number=8, total=TOTAL) in person.screen.text
    person.press(label(locale, "btn-no"))  # shown once, not on every later screen
    assert plain(locale, "urgent-note") not in person.screen.text
    for _ in range(8):
        person.press(label(locale, "btn-no"))
    assert plain(locale, "urgent-note") in person.screen.text  # and again with the result
    assert block_line(locale, "psychological", 5) in person.screen.text
