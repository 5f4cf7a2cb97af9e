"""Issue #15, part 0: fixes from a review of the journey as a new person meets it (kk, ru, en),
each checked against the real bot process over the stand-in Bot API."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.harness import Person
from tests.screens import (
    CONTENT,
    EDITION,
    THRESHOLD,
    TOTAL,
    answer_all,
    label,
    open_menu,
    plain,
    start_assessment,
)

LOCALES = ("kk", "ru")
GUIDE_FOR = "btn-guide-for"


def guide_buttons(person: Person, locale: str) -> list[str]:
    """The result's 🧭 buttons for one kind of violence each (not the general "What to do")."""
    prefix = label(locale, GUIDE_FOR, kind="").strip()
    return [b for b in person.buttons if b.startswith(prefix) and b != label(locale, "btn-guide")]


def position_of(criterion_id: str) -> int:
    return next(i for i, c in enumerate(EDITION.criteria) if c.id == criterion_id)


# -- the result: offer only the guidance that is there ---------------------------------------
@pytest.mark.parametrize("locale", LOCALES)
def test_all_no_names_no_missing_compass_buttons(make_person: Callable[..., Person],
                                                 locale: str) -> None:
    person = make_person(locale)
    start_assessment(person, locale)
    answer_all(person, locale, {})
    text = person.screen.text
    assert guide_buttons(person, locale) == []
    assert plain(locale, "result-next") not in text  # "the 🧭 buttons below" are not there
    assert plain(locale, "result-next-none") in text
    assert plain(locale, "result-not-recognised", threshold=THRESHOLD) in text
    person.press(label(locale, "btn-guide"))  # what to do, for every kind, is still one tap
    assert person.buttons[0] == CONTENT.guidance.kinds[0].title.get(locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_group_skipped_says_so(make_person: Callable[..., Person], locale: str) -> None:
    person = make_person(locale)
    start_assessment(person, locale)
    for _ in EDITION.blocks:
        person.press(label(locale, "btn-skip-block"))
    text = person.screen.text
    assert plain(locale, "result-all-skipped") in text
    assert plain(locale, "result-not-recognised", threshold=THRESHOLD) not in text
    assert plain(locale, "result-next") not in text and guide_buttons(person, locale) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_not_sure_offers_that_groups_guidance(make_person: Callable[..., Person],
                                              locale: str) -> None:
    person = make_person(locale)
    start_assessment(person, locale)
    answer_all(person, locale, {"3.3": "u"})
    economic = CONTENT.guidance.kind_by_id("economic")
    assert economic is not None
    assert guide_buttons(person, locale) == [label(locale, GUIDE_FOR,
                                                   kind=economic.title.get(locale))]
    assert plain(locale, "result-next") in person.screen.text
    person.press(label(locale, GUIDE_FOR, kind=economic.title.get(locale)))
    assert economic.summary.get(locale) in person.screen.text


# -- 4.2 is about a child ----------------------------------------------------------------
@pytest.mark.parametrize("locale", LOCALES)
def test_a_yes_about_a_child_says_the_child_may_be_recognised(
        make_person: Callable[..., Person], locale: str) -> None:
    assert EDITION.meaning_child is not None
    person = make_person(locale)
    start_assessment(person, locale)
    answer_all(person, locale, {"4.2": "y"})
    text = person.screen.text
    assert plain(locale, "result-recognised-child", threshold=THRESHOLD) in text
    assert EDITION.meaning_child.get(locale) in text
    # nothing says that the person answering may be recognised
    assert plain(locale, "result-recognised", threshold=THRESHOLD) not in text
    assert EDITION.meaning.get(locale) not in text
    assert plain(locale, "result-child-points", points=5) in text


def test_a_yes_about_oneself_and_a_child_names_both(make_person: Callable[..., Person]) -> None:
    person = make_person("kk")
    start_assessment(person, "kk")
    answer_all(person, "kk", {"4.2": "y", "4.3": "y"})
    text = person.screen.text
    assert plain("kk", "result-recognised", threshold=THRESHOLD) in text
    assert plain("kk", "result-recognised-child", threshold=THRESHOLD) in text


# -- the language chooser and the greeting ----------------------------------------------------
TRILINGUAL = ("btn-sos-trilingual", "btn-exit-trilingual")
WORDS = {"btn-sos-trilingual": ("Көмек", "Помощь", "Help"),
         "btn-exit-trilingual": ("Шығу", "Выход", "Exit"),
         "btn-menu-trilingual": ("Мәзір", "Меню", "Menu"),
         "btn-language-trilingual": ("Тіл", "Язык", "Language")}


@pytest.mark.parametrize("client", ["en", "de", None])
def test_the_chooser_speaks_every_language(make_person: Callable[..., Person],
                                           client: str | None) -> None:
    person = make_person(client)
    person.send("/start")
    assert person.buttons == ["Қазақша", "Русский", "English",
                              *(label("en", msg) for msg in TRILINGUAL)]
    for msg in TRILINGUAL:
        assert all(word in label("en", msg) for word in WORDS[msg])
    person.press(label("en", "btn-sos-trilingual"))
    assert "112" in person.screen.text and "111" in person.screen.text


@pytest.mark.parametrize("locale", LOCALES)
def test_trilingual_labels_are_the_same_in_every_locale(locale: str) -> None:
    for msg, words in WORDS.items():
        assert label(locale, msg) == label("en", msg)
        assert all(word in label(locale, msg) for word in words)


def test_the_chooser_quick_exit_clears_the_chat(make_person: Callable[..., Person]) -> None:
    person = make_person("en")
    person.send("/start")
    person.press(label("en", "btn-exit-trilingual"))
    assert [m.text for m in person.history()] == [plain("en", "exit-neutral")]


@pytest.mark.parametrize(("locale", "other"), [("kk", "ru"), ("ru", "kk")])
def test_the_greeting_offers_another_language(make_person: Callable[..., Person], locale: str,
                                              other: str) -> None:
    person = make_person(locale)
    person.send("/start")
    assert person.screen.text == plain(locale, "start-greeting")
    person.press(label(locale, "btn-language-trilingual"))
    assert label(locale, "btn-sos-trilingual") in person.buttons
    person.press({"kk": "Қазақша", "ru": "Русский"}[other])
    # Back to the greeting (the question whether one is in danger), now in the other language.
    assert person.screen.text == plain(other, "start-greeting")
    assert label(other, "btn-danger-no") in person.buttons
    person.send("/language")  # from elsewhere, the chooser still leads to the menu
    person.press({"kk": "Қазақша", "ru": "Русский"}[locale])
    assert person.screen.text.startswith(plain(locale, "language-changed"))
    assert label(locale, "btn-assess") in person.buttons


# -- the emergency screen and /forget -----------------------------------------------------
@pytest.mark.parametrize("locale", LOCALES)
def test_the_numbers_screen_has_no_button_to_itself(make_person: Callable[..., Person],
                                                    locale: str) -> None:
    person = make_person(locale)
    open_menu(person, locale)
    person.send("/sos")
    assert label(locale, "btn-sos") not in person.buttons
    assert label(locale, "btn-exit") in person.buttons
    person.press(label(locale, "btn-continue"))
    assert label(locale, "btn-sos") in person.buttons  # every other screen keeps it


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_what_forget_leaves_says_nothing_to_someone_glancing(
        make_person: Callable[..., Person], locale: str) -> None:
    person = make_person(locale)
    if locale == "en":
        person.send("/start")
        person.press("English")
    else:
        open_menu(person, locale)
    person.send("/forget")
    person.press(label(locale, "btn-erase-yes"))
    [left] = person.history()
    assert left.text == plain(locale, "forget-done") and left.buttons == []
    assert_neutral(locale, "forget-done")


# Words that would tell someone glancing at the phone what the bot is or what was done.
TELLING = ("erase", "delet", "data", "bot", "violence", "help", "/start",
           "удал", "данн", "бот", "насили", "помощ",
           "өшір", "дерек", "мәлімет", "бот", "зорлық", "көмек")


def assert_neutral(locale: str, msg_id: str) -> None:
    text = plain(locale, msg_id)
    assert len(text) <= 2 * len(plain(locale, "exit-neutral")) + 10, text
    assert not [w for w in TELLING if w in text.casefold()], text


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_the_forget_and_exit_lines_are_neutral(locale: str) -> None:
    assert_neutral(locale, "exit-neutral")
    assert_neutral(locale, "forget-done")


# -- sources beside the numbers -------------------------------------------------------------
@pytest.mark.parametrize("locale", LOCALES)
def test_the_replaced_warning_is_not_beside_the_numbers(make_person: Callable[..., Person],
                                                        locale: str) -> None:
    person = make_person(locale)
    open_menu(person, locale)
    for kind in CONTENT.guidance.kinds:
        now = kind.sections[0]
        assert now.id == "now" and now.source is not None and not now.note
        person.press(label(locale, "btn-guide"))
        person.press(kind.title.get(locale))
        person.press(f"1. {now.title.get(locale)}")
        text = person.screen.text
        assert now.source.act.get(locale) in text
        assert plain(locale, "source-outdated") not in text
        assert "⚠️" not in text
        person.press(label(locale, "btn-menu"))
    # the warning stays where things changed: the police section
    person.press(label(locale, "btn-guide"))
    physical = CONTENT.guidance.kinds[0]
    person.press(physical.title.get(locale))
    where = next(i for i, s in enumerate(physical.sections) if s.id == "where")
    person.press(f"{where + 1}. {physical.sections[where].title.get(locale)}")
    assert plain(locale, "source-outdated") in person.screen.text


# -- evidence advice and the adapted wording --------------------------------------------------
@pytest.mark.parametrize("locale", LOCALES)
def test_general_evidence_advice_has_its_own_label(make_person: Callable[..., Person],
                                                   locale: str) -> None:
    person = make_person(locale)
    open_menu(person, locale)
    psychological = CONTENT.guidance.kind_by_id("psychological")
    assert psychological is not None
    index, evidence = next((i, s) for i, s in enumerate(psychological.sections)
                           if s.id == "evidence")
    person.press(label(locale, "btn-guide"))
    person.press(psychological.title.get(locale))
    person.press(f"{index + 1}. {evidence.title.get(locale)}")
    text = person.screen.text
    advice_at = text.index(plain(locale, "advice-label"))
    for item in evidence.advice:  # screenshots, a diary, copies with someone trusted
        assert text.index(item.get(locale)) > advice_at
    for item in evidence.items:  # the manual's: witnesses
        assert text.index(item.get(locale)) < advice_at


@pytest.mark.parametrize("locale", LOCALES)
def test_adapted_official_wording_is_called_adapted(make_person: Callable[..., Person],
                                                    locale: str) -> None:
    adapted = {c.id for c in EDITION.criteria if c.adapted}
    assert adapted == {"1.3", "1.4", "1.5", "2.3"}
    person = make_person(locale)
    start_assessment(person, locale)
    person.press(label(locale, "btn-legal-words"))  # 1.1: quoted from the manual
    assert plain(locale, "legal-wording") in person.screen.text
    assert plain(locale, "legal-wording-adapted") not in person.screen.text
    person.press(label(locale, "btn-no"))  # 1.1
    person.press(label(locale, "btn-no"))  # 1.2
    assert plain(locale, "question-progress", number=3, total=TOTAL) in person.screen.text
    person.press(label(locale, "btn-legal-words"))  # 1.3: edited from the manual
    text = person.screen.text
    assert plain(locale, "legal-wording-adapted") in text
    quoted = plain(locale, "quoted", text=EDITION.criteria[position_of("1.3")].legal.get(locale))
    assert quoted not in text
    assert EDITION.criteria[position_of("1.3")].legal.get(locale) in text


# -- numbers: only what a source confirms; help after a yes to the suicide question ------------
@pytest.mark.parametrize("locale", LOCALES)
def test_a_yes_to_the_suicide_question_brings_mental_health_help(
        make_person: Callable[..., Person], locale: str) -> None:
    suicide = EDITION.criteria[position_of("2.2")]
    assert suicide.support is not None
    support = suicide.support.get(locale)
    assert "111" in support and "150" in support
    person = make_person(locale)
    start_assessment(person, locale)
    for _ in range(position_of("2.2")):
        person.press(label(locale, "btn-no"))
    person.press(label(locale, "btn-no"))  # a no brings nothing
    assert support not in person.screen.text
    person.press(label(locale, "btn-back"))
    person.press(label(locale, "btn-yes"))
    assert support in person.screen.text and plain(locale, "urgent-note") in person.screen.text
    person.press(label(locale, "btn-no"))
    assert support not in person.screen.text  # once, not on every later screen
    for _ in range(TOTAL - position_of("2.2") - 2):
        person.press(label(locale, "btn-no"))
    assert support in person.screen.text  # and again with the result


# -- question screens: safety within reach --------------------------------------------------
@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_question_screens_keep_safety_within_four_rows(make_person: Callable[..., Person],
                                                       locale: str) -> None:
    person = make_person(locale)
    start_assessment(person, locale)
    for legal in (False, True):
        if legal:
            person.press(label(locale, "btn-legal-words"))
        rows = person.screen.buttons
        assert len(rows) <= 4
        assert [b.text for b in rows[-1]] == [label(locale, "btn-sos"), label(locale, "btn-exit")]
        assert sum(len(r) for r in rows) == 9
        assert all(len(b.callback_data.encode()) <= 64 for r in rows for b in r
                   if b.callback_data)
