"""Test helpers that read the bot's screens in a person's language (labels come from Fluent)."""

from __future__ import annotations

from bot.kit.content import load_content
from bot.kit.i18n import Translations, Translator
from tests.harness import Person

TRANSLATIONS = Translations()
CONTENT = load_content("kz2014", "ssl2008", "app3")
EDITION = CONTENT.assessment
# The shape of the edition in force, read from it rather than hard-coded.
TOTAL = len(EDITION.criteria)
THRESHOLD = EDITION.threshold


def tr(locale: str) -> Translator:
    return TRANSLATIONS.get(locale)


def label(locale: str, msg_id: str, **args: object) -> str:
    return str(tr(locale)(msg_id, **args))


def unasked(locale: str, msg_id: str, **args: object) -> str:
    """A message the person did not just ask for, as it arrives: after the neutral first line
    a lock screen may show (issue #23)."""
    return f"{plain(locale, 'contact-head')}\n{plain(locale, msg_id, **args)}"


def plain(locale: str, msg_id: str, **args: object) -> str:
    """A Fluent text as Telegram shows it: tags stripped, entities decoded."""
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", label(locale, msg_id, **args)))


def open_menu(person: Person, locale: str) -> None:
    """/start, "not in danger now", and past the trace tips if first contact shows them."""
    person.send("/start")
    person.press(label(locale, "btn-danger-no"))
    skip_trace_tips(person, locale)


def skip_trace_tips(person: Person, locale: str) -> None:
    """The trace tips are shown once, after the greeting's "no": skip them to the menu."""
    screen = person.screen
    if screen is not None and plain(locale, "trace-title") in screen.text:
        person.press(label(locale, "btn-trace-skip"))


def start_assessment(person: Person, locale: str) -> None:
    open_menu(person, locale)
    person.press(label(locale, "btn-assess"))
    person.press(label(locale, "btn-assess-start"))


ANSWER_IDS = {"y": "btn-yes", "n": "btn-no", "u": "btn-unsure"}


def answer_all(person: Person, locale: str, answers: dict[str, str]) -> None:
    """Answer every question in order; criteria not in `answers` get No."""
    for number, criterion in enumerate(EDITION.criteria, start=1):
        screen = person.screen
        assert screen is not None
        assert plain(locale, "question-progress", number=number, total=TOTAL) in screen.text
        assert criterion.question.get(locale) in screen.text
        person.press(label(locale, ANSWER_IDS[answers.get(criterion.id, "n")]))


def block_line(locale: str, block_id: str, points: int) -> str:
    title = next(b.title.get(locale) for b in EDITION.blocks if b.id == block_id)
    return f"{title}: {plain(locale, 'result-points', points=points, threshold=THRESHOLD)}"


def to_defender(person: Person, locale: str) -> None:
    """From the menu, its one way to a person: 💬 Talk to a person, then 🤝 the defender."""
    person.press(label(locale, "btn-talk"))
    person.press(label(locale, "btn-defender"))


def from_more(person: Person, locale: str, msg_id: str) -> None:
    """From the menu, an entry it keeps behind ⋯ More (language, news, hiding, erasing)."""
    person.press(label(locale, "btn-more"))
    person.press(label(locale, msg_id))
