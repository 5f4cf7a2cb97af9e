"""Buttons a phone shows whole: every label at most 32 characters, and a main menu short enough
that 🆘 and 🚪 stay on a small phone's screen without scrolling, in every language."""

from __future__ import annotations

import re

import pytest

from bot.kit import keyboards
from bot.kit.callbacks import Go, Screen
from dialogs.safety_plan import RULES
from tests.screens import CONTENT, label, tr
from tests.test_i18n import fluent_ids

LOCALES = ("kk", "ru", "en")
LIMIT = 32  # characters (code points: an emoji with its variation selector counts as two)
# the widest values the code passes to a label: a case or broadcast number, a question's place
ARGS = {"number": 16, "total": 16, "id": 12345}
# every Fluent id that names a button, by its name: btn-…, rf-btn-…, case-btn-…, regions
BUTTON_ID = re.compile(r"(^|-)btn(-|$)|^region-")
TICKED = re.compile(r"^(region-|btn-(yes|no|unsure|contact-))")  # the intake's, red flags' answers


def button_labels(locale: str) -> dict[str, str]:
    """What each button of the bot can say in `locale`, with the longest values filled in."""
    t = tr(locale)
    kinds = [k.title.get(locale) for k in CONTENT.guidance.kinds]
    labels = {msg: str(t(msg, kind=max(kinds, key=len), **ARGS))
              for msg in fluent_ids(locale) if BUTTON_ID.search(msg)}
    # an answer given before is marked "✓ " when its question comes back (Back, Change)
    labels |= {msg: f"✓ {text}" for msg, text in labels.items() if TICKED.search(msg)}
    # titles from the legal editions, numbered as the index pages show them
    indexes = [CONTENT.rights.sections, *(k.sections for k in CONTENT.guidance.kinds)]
    for sections in indexes:
        labels |= {f"section {s.id}": f"{len(sections)}. {s.title.get(locale)}"
                   for s in sections}
    # the safety plan's parts and checklist items, with the mark before them
    for rule in RULES.values():
        labels[rule.title] = f"✅ {t(rule.title)}"
        labels |= {item.label: f"✅ {t(item.label)}" for item in rule.items}
    return labels


@pytest.mark.parametrize("locale", LOCALES)
def test_every_button_label_fits_a_phone(locale: str) -> None:
    too_long = {msg: (len(text), text) for msg, text in button_labels(locale).items()
                if len(text) > LIMIT}
    assert not too_long, too_long


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("resuming", [False, True])
def test_the_main_menu_fits_a_small_phone_with_safety_in_sight(locale: str,
                                                               resuming: bool) -> None:
    t = tr(locale)
    resume = label(locale, "btn-assess-resume", number=16, total=16) if resuming else None
    rows = keyboards.main_menu(t, resume).inline_keyboard
    assert len(rows) <= keyboards.MENU_ROWS == 8
    assert [b.text for b in rows[-1]] == [label(locale, "btn-sos"), label(locale, "btn-exit")]
    shown = [b.text for row in rows for b in row]
    # one way to a person; the settings-like entries wait behind "More"
    assert label(locale, "btn-talk") in shown and label(locale, "btn-defender") not in shown
    more = [b.text for row in keyboards.more_menu(t).inline_keyboard for b in row]
    for moved in ("btn-language", "btn-forget", "btn-trace", "btn-news"):
        assert label(locale, moved) in more and label(locale, moved) not in shown
    assert label(locale, "btn-back") in more


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("defenders", [False, True])
def test_the_talk_screen_is_the_one_way_to_a_defender(locale: str, defenders: bool) -> None:
    """With the defenders' group set, "Talk to a person" leads to the defender and the hotlines
    together; without it, to the hotlines alone."""
    rows = keyboards.talk(tr(locale), defenders).inline_keyboard
    first = rows[0][0]
    assert (first.text == label(locale, "btn-defender")) is defenders
    if defenders:
        assert first.callback_data == Go(to=Screen.DEFENDER).pack()
