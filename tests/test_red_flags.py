"""Red flags: the questions and their order, the one rule (any yes means danger), the mark a
later request to a defender reads (`urgent_from`), what is kept in the dialog data and when
it goes, and every screen within Telegram's limits in kk, ru and en."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.handoff.session import DATA_KEYS
from bot.kit.i18n import LOCALES
from bot.red_flags import router as ui
from dialogs import red_flags as rf
from dialogs.intake import Draft
from dialogs.red_flags import MARK_KEY, PROGRESS_KEY, QUESTIONS, TOTAL, Round
from dialogs.scoring import Answer
from tests.screens import plain, tr

Y, N, U = Answer.YES, Answer.NO, Answer.UNSURE
OTHER = {"assessment": {"edition": "kz2014", "pos": 3, "answers": {"1.1": "y"}},
         "handoff": {"region": "astana"}}  # what other dialogs keep: never touched


def run(*values: Answer, data: dict[str, Any] | None = None) -> Round:
    r = rf.begin(data)
    for value in values:
        r = rf.answer(r, value)
    return r


# -- the questions -----------------------------------------------------------------------------
def test_six_signs_in_the_order_of_the_issue() -> None:
    assert [q.id for q in QUESTIONS] == ["choke", "kill", "weapon", "worse", "leave", "children"]
    assert TOTAL == 6 and len(set(rf.IDS)) == TOTAL
    for q in QUESTIONS:
        assert q.text == f"rf-q-{q.id}" and q.sign == f"rf-sign-{q.id}"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_question_is_a_question_and_every_sign_has_a_name(locale: str) -> None:
    t = tr(locale)
    for q in QUESTIONS:
        assert str(t(q.text)).endswith("?") and str(t(q.sign)).strip()
        assert q.text not in str(t(q.text))  # not the id shown for a missing text


def test_the_signs_are_named_plainly_in_kazakh() -> None:
    t = tr("kk")
    choke = str(t("rf-q-choke"))
    assert "тұншықтырды ма" in choke and "мойныңыздан" in choke and "қысты ма" in choke
    assert "өлтіремін деп қорқытты ма" in str(t("rf-q-kill"))
    kazakh_letters = re.compile("[әғқңөұүһі]")
    for q in QUESTIONS:
        assert kazakh_letters.search(str(t(q.text))), q.id  # Kazakh, not Russian
        # a question particle is followed by a question mark, never a full stop
        assert not re.search(r"\b(ма|ме|ба|бе|па|пе)\.", str(t(q.text)))


@pytest.mark.parametrize("locale", LOCALES)
def test_the_intro_says_it_is_not_a_validated_instrument_nor_the_legal_score(
        locale: str) -> None:
    text = plain(locale, "rf-not-instrument")
    words = {"kk": ("ғылыми тексерілген", "балл", "заң бойынша алдын ала бағалау"),
             "ru": ("научно проверенный", "баллов", "юридическая предварительная оценка"),
             "en": ("scientifically tested", "no score", "legal pre-assessment")}[locale]
    assert all(w in text for w in words)
    assert "/forget" in plain(locale, "rf-intro-kept")


# -- the rule ----------------------------------------------------------------------------------
def test_any_yes_is_danger_and_nothing_else_is() -> None:
    assert not rf.danger(run(*[N] * TOTAL))
    assert not rf.danger(run(*[U] * TOTAL))
    for position in range(TOTAL):
        values = [N] * TOTAL
        values[position] = Y
        r = run(*values)
        assert rf.danger(r) and rf.signs(r) == (QUESTIONS[position],)
    r = run(Y, U, N, Y, U, N)
    assert [q.id for q in rf.signs(r)] == ["choke", "worse"]
    assert [q.id for q in rf.signs(r, U)] == ["kill", "leave"]


def test_the_numbers_come_at_once_on_the_first_yes_only() -> None:
    r = run(N)
    assert not rf.alert_now(r, N) and not rf.alert_now(r, U)
    assert rf.alert_now(r, Y)
    r = rf.answer(r, Y)
    assert r.alerted and not rf.alert_now(r, Y)  # a second yes: a note, not the screen again
    back = rf.back(r)
    assert back is not None and not rf.alert_now(back, Y)  # nor after Back
    assert not rf.alert_now(run(*[N] * TOTAL), Y)  # nothing left to answer


def test_moving_through_a_round() -> None:
    r = rf.begin(None)
    assert r.position == 0 and rf.current(r) == QUESTIONS[0] and rf.back(r) is None
    r = run(N, U)
    assert rf.current(r) == QUESTIONS[2] and rf.previous(r) is None
    back = rf.back(r)
    assert back is not None and rf.current(back) == QUESTIONS[1] and rf.previous(back) == "u"
    assert rf.answer(back, Y).answers == {"choke": "n", "kill": "y"}
    done = run(*[N] * TOTAL)
    assert rf.is_finished(done) and rf.current(done) is None
    assert rf.answer(done, Y) == done  # nothing to answer: unchanged


# -- what is kept ------------------------------------------------------------------------------
def test_urgent_from_reads_only_the_mark() -> None:
    assert rf.urgent_from({MARK_KEY: True})
    assert rf.urgent_from({**OTHER, MARK_KEY: True})
    for data in (None, {}, OTHER, {MARK_KEY: False}, {MARK_KEY: "yes"}, {MARK_KEY: 1},
                 {PROGRESS_KEY: run(Y).to_data()}):  # the round's own answers are not read
        assert not rf.urgent_from(data), data


def test_a_yes_is_marked_at_once_and_the_answers_go_at_the_end() -> None:
    r = run(N, Y)
    data = rf.store(OTHER, r)
    assert rf.urgent_from(data) and rf.round_from(data) == r
    assert {k: v for k, v in data.items() if k not in (MARK_KEY, PROGRESS_KEY)} == OTHER
    for value in (N, N, U, N):
        r = rf.answer(r, value)
    after = rf.finish(data, r)
    assert after == {**OTHER, MARK_KEY: True}  # the answers are gone, the mark stays
    assert rf.round_from(after) is None and rf.urgent_from(after)


def test_all_no_keeps_nothing() -> None:
    r = run(*[N] * TOTAL)
    assert MARK_KEY not in rf.store(OTHER, run(N, U))
    assert rf.finish(OTHER, r) == OTHER
    assert rf.finish({}, r) == {}  # an empty dialog: the storage deletes the row


def test_a_yes_corrected_with_back_is_unmarked_but_a_yes_on_record_stays() -> None:
    r = run(Y)
    assert rf.urgent_from(rf.store({}, r))
    back = rf.back(r)
    assert back is not None
    corrected = rf.answer(back, N)
    assert not rf.urgent_from(rf.store({}, corrected))  # a wrong button, put right
    # A new round, even with only "no", does not take away a yes given before it.
    earlier = rf.finish({}, run(N, N, Y, N, N, N))
    again = rf.begin(earlier)
    assert again.marked_before
    for _ in range(TOTAL):
        again = rf.answer(again, N)
    assert rf.urgent_from(rf.finish(earlier, again))


def test_the_mark_survives_the_intake_leaving_and_its_draft() -> None:
    """The intake stores its draft beside it and, when it ends, keeps every key but its own
    (bot/handoff/intake.py: Session.leave)."""
    data = rf.store(OTHER, run(Y))
    during = {**data, **Draft().to_data()}
    assert rf.urgent_from(during)
    after = {k: v for k, v in during.items() if k not in DATA_KEYS}
    assert rf.urgent_from(after) and rf.round_from(after) is not None


def test_what_other_screens_read() -> None:
    """/cancel keeps the mark alone; /mydata counts a round's answers; the lines they show."""
    assert rf.mark_only(rf.store(OTHER, run(N, Y))) == {MARK_KEY: True}
    assert rf.mark_only(rf.store(OTHER, run(N))) == {} == rf.mark_only(None)
    assert rf.answers_kept(rf.store(OTHER, run(N, U))) == 2
    assert rf.answers_kept(rf.store({}, rf.begin(None))) == 0
    assert rf.answers_kept(rf.finish(OTHER, run(Y))) is None
    for locale in LOCALES:
        t = tr(locale)
        for msg_id, args in ((rf.CASE_NOTE, {}), (rf.MYDATA_MARK, {}),
                             (rf.MYDATA_ANSWERS, {"count": 3})):
            shown = str(t(msg_id, **args))
            assert shown.strip() and msg_id not in shown
        assert "3" in str(t(rf.MYDATA_ANSWERS, count=3))


def test_the_round_round_trips_and_garbage_is_none() -> None:
    r = rf.answer(run(Y, U), N)
    assert Round.from_data(r.to_data()) == r
    assert Round.from_data(rf.begin({MARK_KEY: True}).to_data()) == Round(marked_before=True)
    for garbage in (None, "x", [], {}, {"pos": "1"}, {"pos": True}, {"pos": -1},
                    {"pos": TOTAL + 1}, {"pos": 1, "answers": []},
                    {"pos": 1, "answers": {"nope": "y"}}, {"pos": 1, "answers": {"kill": "?"}},
                    {"pos": 1, "before": "no"}, {"pos": 1, "alerted": 1}):
        assert Round.from_data(garbage) is None, garbage
    assert rf.round_from({PROGRESS_KEY: {"pos": 2}}) == Round(position=2)


moves = st.lists(st.sampled_from(["y", "n", "u", "back"]), max_size=30)


@given(before=st.booleans(), steps=moves)
def test_the_mark_always_follows_the_answers(before: bool, steps: list[str]) -> None:
    data: dict[str, Any] = {MARK_KEY: True} if before else {}
    r = rf.begin(data)
    alerts, said_yes = 0, False
    for step in steps:
        if step == "back":
            r = rf.back(r) or r
            continue
        if rf.is_finished(r):
            break
        alerts += rf.alert_now(r, Answer(step))
        said_yes = said_yes or step == "y"
        r = rf.answer(r, Answer(step))
        data = rf.store(data, r)
        assert Round.from_data(r.to_data()) == r
        assert rf.urgent_from(data) == (before or "y" in r.answers.values())
    assert alerts == int(said_yes)  # the emergency screen once a round, on the first yes
    assert 0 <= r.position <= TOTAL
    assert rf.urgent_from(rf.finish(data, r)) == (before or rf.danger(r))


# -- the screens -------------------------------------------------------------------------------
def rows(markup: Any) -> list[list[Any]]:
    return markup.inline_keyboard


def every_screen(locale: str) -> list[tuple[str, str, Any]]:
    t = tr(locale)
    worst = rf.answer(run(Y, U, Y, U, Y), U)  # every sign listed, yes or not sure
    under_way = run(N, Y, U)
    screens = [("intro", ui.intro_text(t, None, False), ui.intro_keyboard(t, None)),
               ("intro again", ui.intro_text(t, under_way, True),
                ui.intro_keyboard(t, under_way)),
               ("alert", ui.alert_text(t, True), ui.alert_keyboard(t, run(Y), True)),
               ("alert last", ui.alert_text(t, False), ui.alert_keyboard(t, worst, False))]
    for position in range(TOTAL):
        r = Round(position=position, answers={q.id: "u" for q in QUESTIONS})
        screens.append((f"question {position}", ui.question_text(t, r, noted=True),
                        ui.question_keyboard(t, r)))
    for name, r in (("summary worst", worst), ("summary no", run(*[N] * TOTAL)),
                    ("summary unsure", run(*[U] * TOTAL))):
        for defenders in (True, False):
            screens.append((name, ui.summary_text(t, r, defenders),
                            ui.summary_keyboard(t, defenders)))
    return screens


@pytest.mark.parametrize("locale", LOCALES)
def test_every_screen_fits_and_keeps_safety_in_reach(locale: str) -> None:
    t = tr(locale)
    for name, text, markup in every_screen(locale):
        assert len(text.encode("utf-16-le")) // 2 <= 4096, name
        assert "rf-" not in text, name  # no id shown for a missing text
        last = [b.text for b in rows(markup)[-1]]
        if name.startswith("alert"):  # the emergency screen: 🆘 is the screen itself
            assert last == [t("btn-exit")] and plain(locale, "sos-text") in plain_html(text)
        else:
            assert last == [t("btn-sos"), t("btn-exit")], name
        for row in rows(markup):
            for b in row:
                assert len(str(b.callback_data).encode()) <= 64
        if name.startswith("question"):
            assert len(rows(markup)) <= 3  # 🆘 and 🚪 without scrolling


def plain_html(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def test_the_question_screen_shows_progress_and_the_earlier_answer() -> None:
    t = tr("ru")
    r = rf.back(run(N, U))
    assert r is not None
    assert plain("ru", "rf-progress", number=2, total=TOTAL) in plain_html(
        ui.question_text(t, r))
    assert plain("ru", "rf-q-kill") in plain_html(ui.question_text(t, r))
    labels = [b.text for b in rows(ui.question_keyboard(t, r))[0]]
    assert labels == [t("btn-yes"), t("btn-no"), ui.TICK + t("btn-unsure")]
    noted = ui.question_text(t, r, noted=True)
    assert noted.startswith(str(t("rf-note-again")))


def test_the_summary_is_calm_and_says_what_is_kept() -> None:
    t = tr("kk")
    text = plain_html(ui.summary_text(t, run(N, Y, U, N, N, Y), True))
    for msg_id in ("rf-summary-yes", "rf-summary-unsure", "rf-summary-marked",
                   "rf-not-instrument"):
        assert plain("kk", msg_id).splitlines()[0] in text, msg_id
    for sign in ("kill", "children"):
        assert f"• {plain('kk', f'rf-sign-{sign}')}" in text
    assert not re.search(r"\d+\s*/\s*\d+", text)  # no score, no "2/6"
    text = plain_html(ui.summary_text(t, run(*[N] * TOTAL), True))
    assert plain("kk", "rf-summary-no") in text and plain("kk", "rf-summary-erased") in text
    assert plain("kk", "rf-summary-yes") not in text


def test_forged_prefixes_are_this_dialogs_and_only_its() -> None:
    assert ui.Ours.prefixes == {"rf", "rfa"}
    assert ui.RedFlagAnswer(q=3, v=Y).pack() == "rfa:3:y"
    assert ui.RedFlagPress(act=ui.RedFlagAct.BACK, q=2).pack() == "rf:b:2"
