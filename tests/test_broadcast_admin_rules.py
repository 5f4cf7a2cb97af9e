"""The admin's side of broadcasts, without a bot: the progress text the worker edits in, and
the schedule time the admin types (Almaty time, UTC+5, or an offset from now)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot.broadcast.progress import bar, duration, percent, progress_markup, progress_text
from bot.broadcast.service import Figures
from bot.kit.i18n import Translations
from dialogs.broadcast_time import WhenProblem, almaty_text, example, parse_when
from storage.broadcasts import Broadcast

EN = Translations().get("en")
NOW = datetime(2026, 3, 1, 5, 0, tzinfo=UTC).timestamp()  # 10:00 in Almaty


def made(state: str, total: int = 100, started: float | None = NOW - 20,
         finished: float | None = None) -> Broadcast:
    return Broadcast(id=7, admin_id=1, audience="all", versions={}, state=state, not_before=None,
                     total=total, progress_chat=1, progress_message=2, created_at=int(NOW - 30),
                     started_at=int(started) if started else None,
                     finished_at=int(finished) if finished else None)


def figures(sent: int, failed: int = 0, waiting: int = 0, cancelled: int = 0,
            total: int = 100) -> Figures:
    return Figures(total=total, sent=sent, failed=failed, waiting=waiting, cancelled=cancelled,
                   started_at=NOW - 20)


def test_running_shows_counts_rate_bar_and_time_left() -> None:
    text = progress_text(EN, made("running"), figures(50, 2, 48), now=NOW)
    assert "Broadcast #7" in text and "sending" in text
    assert "▓▓▓▓▓░░░░░ 52%" in text
    assert "Sent: 50 · failed: 2 · left: 48" in text
    assert "2.6 messages a second" in text  # 52 in 20 s
    assert "About 19 s left" in text  # 48 at 2.6 a second
    assert progress_markup(EN, made("running"), figures(50, 2, 48)) is not None


def test_time_left_reads_in_minutes_and_hours() -> None:
    assert duration(EN, 0.2) == "1 s"
    assert duration(EN, 185) == "3 min 5 s"
    assert duration(EN, 4_980) == "1 h 23 min"
    text = progress_text(EN, made("running", total=10_000), figures(60, 0, 9_940, total=10_000),
                         now=NOW)
    assert "About 55 min 14 s left" in text  # 9940 at 3 a second


def test_before_anything_is_sent_the_time_left_is_being_estimated() -> None:
    text = progress_text(EN, made("running"), figures(0, 0, 100), now=NOW)
    assert "░" * 10 + " 0%" in text and "estimating" in text


def test_paused_says_so_without_a_time_left() -> None:
    text = progress_text(EN, made("paused"), figures(30, 0, 70), now=NOW)
    assert "paused" in text and "30%" in text and "left" in text and "About" not in text
    labels = [b.text for b in progress_markup(EN, made("paused"), figures(30, 0, 70))
              .inline_keyboard[0]]
    assert labels == ["▶️ Resume #7", "✖ Cancel #7"]


def test_final_report_when_done() -> None:
    broadcast = made("done", started=NOW - 125, finished=NOW - 5)
    text = progress_text(EN, broadcast, figures(97, 3, 0), now=NOW)
    assert "finished" in text and "Sent: 97 of 100 · failed: 3" in text
    assert "Took 2 min 0 s" in text and "blocked the bot" in text
    assert progress_markup(EN, broadcast, figures(97, 3, 0)) is None
    # running with nobody left is over too, before the worker marks it done
    assert "finished" in progress_text(EN, made("running"), figures(100), now=NOW)


def test_final_report_when_cancelled() -> None:
    text = progress_text(EN, made("cancelled", finished=NOW), figures(40, 1, 0, 59), now=NOW)
    assert "cancelled" in text and "Sent: 40 of 100 · failed: 1 · not sent: 59" in text
    assert "blocked" in text


def test_bar_and_percent_edges() -> None:
    assert bar(0) == "░" * 10 and bar(100) == "▓" * 10 and bar(99) == "▓" * 9 + "░"
    assert percent(figures(0, total=0)) == 100
    assert percent(figures(99, 0, 1)) == 99  # rounded down: 100 % means done


def test_progress_text_in_every_language() -> None:
    for t in Translations().all():
        text = progress_text(t, made("running"), figures(50, 2, 48), now=NOW)
        assert "52%" in text and "7" in text and "bc-" not in text


@pytest.mark.parametrize(("typed", "minutes_ahead"), [
    ("+30m", 30), ("+2h", 120), ("+ 45 M", 45), ("2026-03-01 10:30", 30),
    ("2026-03-01T11:00", 60), (" 2026-03-02   10:00 ", 24 * 60), ("02.03.2026 10:00", 24 * 60),
    # the units as each language writes them
    ("+30 мин", 30), ("+30 мин.", 30), ("+30мин", 30), ("+2 ч", 120), ("+2 ч.", 120),
    ("+2 часа", 120), ("+2 сағ", 120), ("+2 сағ.", 120), ("+1 сағат", 60), ("+30 min", 30),
    ("+2 hours", 120), ("+5 минут", 5),
    # a day by name (NOW is 10:00 in Almaty on 1 March)
    ("tomorrow 10:00", 24 * 60), ("Tomorrow at 9:30", 23 * 60 + 30), ("завтра 10:00", 24 * 60),
    ("Завтра в 10:00", 24 * 60), ("ертең 10:00", 24 * 60), ("Ертең сағат 10:00", 24 * 60),
    ("today 18:00", 8 * 60), ("сегодня 18:00", 8 * 60), ("бүгін 18:00", 8 * 60),
    ("сегодня в 10:01", 1), ("бүгін сағат 23:59", 13 * 60 + 59),
])
def test_schedule_times(typed: str, minutes_ahead: int) -> None:
    assert parse_when(typed, NOW) == NOW + minutes_ahead * 60


@pytest.mark.parametrize(("typed", "problem"), [
    ("tomorrow", WhenProblem.FORMAT), ("2026-03-01", WhenProblem.FORMAT),
    ("10:30", WhenProblem.FORMAT), ("2026-02-30 10:00", WhenProblem.FORMAT),
    ("+30s", WhenProblem.FORMAT), ("", WhenProblem.FORMAT),
    ("2026-03-01 10:00", WhenProblem.PAST), ("2026-03-01 09:59", WhenProblem.PAST),
    ("+0m", WhenProblem.PAST), ("2062-03-01 10:00", WhenProblem.FAR),
    ("+30", WhenProblem.FORMAT), ("+30 сек", WhenProblem.FORMAT), ("+2 дня", WhenProblem.FORMAT),
    ("послезавтра 10:00", WhenProblem.FORMAT), ("завтра 25:00", WhenProblem.FORMAT),
    ("tomorrow 10:60", WhenProblem.FORMAT), ("завтра", WhenProblem.FORMAT),
    ("today 09:00", WhenProblem.PAST), ("сегодня 10:00", WhenProblem.PAST),
    ("бүгін 08:00", WhenProblem.PAST),
])
def test_schedule_times_refused(typed: str, problem: WhenProblem) -> None:
    assert parse_when(typed, NOW) == problem


def test_almaty_is_utc_plus_five_all_year() -> None:
    summer = datetime(2026, 7, 1, 5, 0, tzinfo=UTC).timestamp()
    assert almaty_text(NOW) == "2026-03-01 10:00"
    assert almaty_text(summer) == "2026-07-01 10:00"


def test_the_prompts_example_is_ahead_of_today() -> None:
    """The example in the prompt is tomorrow at 10:00, so an admin who copies it is understood;
    a fixed date in the text would one day lie in the past."""
    for now in (NOW, NOW + 13 * 3600, NOW + 400 * 86400):  # 10:00, 23:00, a year on
        shown = example(now)
        assert isinstance(parse_when(shown, now), int), shown
        assert parse_when(shown, now) == parse_when("tomorrow 10:00", now)
    for t in Translations().all():
        text = str(t("bc-ask-when", example=example(NOW)))
        assert "2026-03-02 10:00" in text
        for typed in re.findall(r"<code>([^<]+)</code>", text):  # every way the prompt shows
            assert isinstance(parse_when(typed, NOW), int), (t.locale, typed)
