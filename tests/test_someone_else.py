"""Worried about someone else: the pure parts. The check's wording about "the person" in the
shipped edition (every criterion, every language, no "you"), the edition rules that keep it
whole, the perspective kept in the questionnaire's progress, the third-party mark on a request
(round trips, and summaries stored before it), and the texts' numbers."""

from __future__ import annotations

import html
import re
from types import SimpleNamespace

import pytest

from bot.assessment import keyboards as check_keys
from bot.assessment.callbacks import QuestionAction, QuestionPress
from bot.handoff.desk import CaseDesk
from bot.kit.callbacks import Go, Screen, SomeonePage, SomeonePart
from bot.kit.content import ContentError, parse_edition
from bot.kit.i18n import LOCALES, Translations
from bot.kit.render import Templates
from dialogs import questionnaire as q
from dialogs.handoff import CaseSummary, Contact, Intake, summarise
from dialogs.intake import Draft
from dialogs.questionnaire import Progress
from dialogs.scoring import Answer
from tests.editions import assessment_data, loc
from tests.screens import CONTENT
from tests.test_content import FREE_OR_ALWAYS, UNCONFIRMED, toml_dump

EDITION = CONTENT.assessment
TRANSLATIONS = Translations()
DESK = SimpleNamespace(templates=Templates(), content=CONTENT)

# "the person" in each language, and the second person that must not be there
ABOUT_THE_PERSON = {"kk": re.compile(r"сол адам", re.I),
                    "ru": re.compile(r"эт(от|ого|ому|им) человек", re.I),
                    "en": re.compile(r"\b(this|the) person\b", re.I)}
SECOND_PERSON = {"kk": re.compile(r"\bсіз", re.I),
                 "ru": re.compile(r"\b(вы|вас|вам|ваш\w*)\b", re.I),
                 "en": re.compile(r"\b(you|your)\b", re.I)}


def visible(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


# -- the shipped wording -----------------------------------------------------------------------
def test_every_criterion_is_worded_about_the_person_in_every_language() -> None:
    assert EDITION.third_person
    for criterion in EDITION.criteria:
        other = criterion.question_other
        assert other is not None, criterion.id
        for locale in LOCALES:
            text = other.get(locale)
            assert text != criterion.question.get(locale)
            assert ABOUT_THE_PERSON[locale].search(text), (criterion.id, locale, text)
            assert not SECOND_PERSON[locale].search(text), (criterion.id, locale, text)


def test_the_meaning_and_the_suicide_help_speak_of_the_person() -> None:
    meaning = EDITION.meaning_other
    assert meaning is not None
    for locale in LOCALES:
        assert ABOUT_THE_PERSON[locale].search(meaning.get(locale)), locale
        assert not SECOND_PERSON[locale].search(meaning.get(locale)), locale
        assert "114-IV" in meaning.get(locale) and "133" in meaning.get(locale)
    suicide = next(c for c in EDITION.criteria if c.id == "2.2")
    assert suicide.support_other is not None
    for locale in LOCALES:
        help_text = suicide.support_other.get(locale)
        assert "111" in help_text and "150" in help_text and "112" in help_text
    assert [c.id for c in EDITION.criteria if c.support_other] == ["2.2"]


def test_an_edition_has_the_wording_for_every_criterion_or_for_none() -> None:
    data = assessment_data()
    plain_edition = parse_edition("x.toml", toml_dump(data))
    assert not plain_edition.third_person  # an organisation's edition without it still loads
    data["blocks"][0]["criteria"][0]["question_other"] = loc("Q about the person")
    with pytest.raises(ContentError, match=r"x\.toml: .*question_other"):
        parse_edition("x.toml", toml_dump(data))
    for block in data["blocks"]:
        for criterion in block["criteria"]:
            criterion["question_other"] = loc(f"Q {criterion['id']} about the person")
    with pytest.raises(ContentError, match="meaning_other"):
        parse_edition("x.toml", toml_dump(data))
    data["meaning_other"] = loc("Grounds for the person")
    assert parse_edition("x.toml", toml_dump(data)).third_person  # type: ignore[union-attr]


# -- the progress ------------------------------------------------------------------------------
def test_the_perspective_is_kept_in_the_progress_and_moves_with_it() -> None:
    p = Progress(edition=EDITION.id, other=True)
    p = q.answer(EDITION, p, Answer.YES)
    p = q.skip_block(EDITION, p)
    assert p.other and Progress.from_data(p.to_data()) == p
    back = q.back(p, EDITION)
    assert back is not None and back.other
    first = EDITION.criteria[0]
    assert q.question(first, p) == first.question_other
    assert q.question(first, Progress(edition=EDITION.id)) == first.question
    # a progress stored before the field existed is about oneself, and stays so
    old = Progress(edition=EDITION.id).to_data()
    assert "other" not in old and Progress.from_data(old) == Progress(edition=EDITION.id)


def test_the_help_after_2_2_is_for_the_one_asking() -> None:
    position = next(i for i, c in enumerate(EDITION.criteria) if c.id == "2.2")
    suicide = EDITION.criteria[position]
    mine = Progress(edition=EDITION.id, position=position)
    theirs = Progress(edition=EDITION.id, position=position, other=True)
    assert q.support_after(EDITION, mine, Answer.YES) == suicide.support
    assert q.support_after(EDITION, theirs, Answer.YES) == suicide.support_other
    assert q.supports(EDITION, {"2.2": "y"}, other=True) == [suicide.support_other]
    assert q.supports(EDITION, {"2.2": "y"}) == [suicide.support]


# -- the request -------------------------------------------------------------------------------
INTAKE = Intake(region="astana", children=False, danger_now=False, contact=Contact.BOT)


def test_the_third_party_mark_round_trips_and_old_summaries_still_open() -> None:
    summary = summarise(INTAKE, "kk", EDITION, CONTENT.guidance, {"1.1": "y"}, third_party=True)
    assert summary.third_party
    assert CaseSummary.from_data(summary.to_data()) == summary
    stored_before = summarise(INTAKE, "kk", EDITION, CONTENT.guidance, None).to_data()
    del stored_before["third_party"]
    assert CaseSummary.from_data(stored_before).third_party is False
    draft = Draft(intake=INTAKE, third_party=True)
    assert Draft.from_data(draft.to_data()) == draft
    assert "other" not in Draft(intake=INTAKE).to_data()["handoff_nav"]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_summary_says_it_comes_from_a_third_party(locale: str) -> None:
    t = TRANSLATIONS.get(locale)
    answers = {"2.1": "u"}
    theirs = summarise(INTAKE, "ru", EDITION, CONTENT.guidance, answers, third_party=True)
    mine = summarise(INTAKE, "ru", EDITION, CONTENT.guidance, answers)
    text = visible(CaseDesk.summary_text(DESK, theirs, t, 7))  # type: ignore[arg-type]
    assert visible(t("so-case-note")) in text
    unsure = next(c for c in EDITION.criteria if c.id == "2.1")
    assert unsure.question_other is not None and unsure.question_other.get(locale) in text
    own = visible(CaseDesk.summary_text(DESK, mine, t, 7))  # type: ignore[arg-type]
    assert unsure.question_case is not None  # the defenders read about "the person"
    assert visible(t("so-case-note")) not in own and unsure.question_case.get(locale) in own


# -- buttons and texts -------------------------------------------------------------------------
def test_buttons_fit_and_keep_safety_in_reach() -> None:
    datas = [SomeonePage(p=part).pack() for part in SomeonePart]
    datas += [QuestionPress(q=0, act=QuestionAction.OTHER).pack(),
              Go(to=Screen.DEFENDER_OTHER).pack(), Go(to=Screen.SOMEONE).pack()]
    assert all(len(d.encode()) <= 64 for d in datas)
    for locale in LOCALES:
        t = TRANSLATIONS.get(locale)
        for markup in (check_keys.result(t, [], True, other=True),
                       check_keys.assessment_intro(t, other=True)):
            rows = markup.inline_keyboard
            assert [b.text for b in rows[-1]] == [t("btn-sos"), t("btn-exit")]
            assert QuestionPress(q=0, act=QuestionAction.RESTART).pack() not in [
                b.callback_data for r in rows for b in r]


SOMEONE_IDS = ("so-talk", "so-report-danger", "so-child", "urgent-note-other",
               "so-intake-danger-note")


@pytest.mark.parametrize("locale", LOCALES)
def test_numbers_say_only_what_a_source_confirms(locale: str) -> None:
    """As in test_content: 111 is free and 24/7; nothing is claimed of 112, 102 or 150."""
    t = TRANSLATIONS.get(locale)
    lines = [line for msg_id in SOMEONE_IDS for line in visible(t(msg_id)).splitlines()]
    suicide = next(c for c in EDITION.criteria if c.id == "2.2").support_other
    assert suicide is not None
    lines.append(suicide.get(locale))
    assert not [x for x in lines if UNCONFIRMED.search(x)]
    about_150 = [x for x in lines if "150" in x and "111" not in x]
    assert about_150 and not [x for x in about_150 if FREE_OR_ALWAYS.search(x)]
    assert not [x for x in lines if "112" in x and "111" not in x and FREE_OR_ALWAYS.search(x)]


def test_mydata_counts_answers_about_someone_else_as_such() -> None:
    from storage.person_data import dialog_data

    theirs = Progress(edition=EDITION.id, answers={"1.1": "y"}, other=True)
    found = dialog_data("Assessment:answering", {"assessment": theirs.to_data()})
    assert found is not None and found.assessment_answers == 1 and found.about_other
    mine = dialog_data("Assessment:answering",
                       {"assessment": Progress(edition=EDITION.id).to_data()})
    assert mine is not None and not mine.about_other
    request = dialog_data("Handoff:region", Draft(third_party=True).to_data())
    assert request is not None and request.about_other


@pytest.mark.parametrize("locale", LOCALES)
def test_every_page_of_the_section_fits_a_telegram_message(locale: str) -> None:
    from bot.kit.screens import Screens
    from bot.someone_else.router import page_text
    from dialogs.fit import MESSAGE_LIMIT

    screens = Screens(TRANSLATIONS.get(locale), CONTENT, Templates(), None)  # type: ignore[arg-type]
    for part in SomeonePart:
        if part == SomeonePart.CHECK:
            continue  # the assessment's introduction, tested with the assessment
        text = page_text(screens, part)
        assert len(visible(text)) <= MESSAGE_LIMIT, (part, len(visible(text)))
        assert "{" not in text and "so-" not in visible(text)  # no missing text or variable
