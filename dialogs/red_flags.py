"""Red flags: six questions on signs of lethal danger, apart from the legal pre-assessment.

The signs are those that public guidance on domestic violence names among the signs that a
life may be in danger: strangling or choking, threats to kill, a weapon, violence getting worse
or more frequent, a recent or planned separation, threats to the children. This is NOT a
validated risk instrument: there is no score and no threshold. Any yes brings the emergency
numbers at once and marks a request to a defender made later as urgent.

Two keys of the person's dialog (FSM) data, sealed at rest like the rest of it:

- `PROGRESS_KEY`: the round under way (the question on screen, the answers, whether the
  numbers were shown). It is dropped when the summary is shown, and by /forget.
- `MARK_KEY`: `True` while a yes is on record. It is kept after the round, until /forget
  (or the retention purge of untouched dialogs); the intake reads it with `urgent_from`.

The mark follows the answers of the round under way: a yes corrected with Back (a wrong
button) takes it away again, unless a yes was on record before the round began. Starting a new
round never takes away a yes already given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from dialogs.scoring import Answer

PROGRESS_KEY = "red_flags"
MARK_KEY = "red_flag"
# Lines for other screens (texts/locales/*/red_flags.ftl): the case summary when the mark is
# on record; /mydata's account of the mark and of a round's answers ($count) under way.
CASE_NOTE = "rf-case-note"
MYDATA_MARK = "rf-mydata-mark"
MYDATA_ANSWERS = "rf-mydata-answers"


@dataclass(frozen=True)
class Question:
    id: str  # short: it is kept in FSM data
    text: str  # Fluent id of the question
    sign: str  # Fluent id of the sign's short name, for the summary


# The order in which they are asked: the most specific physical signs first.
QUESTIONS: tuple[Question, ...] = (
    Question("choke", "rf-q-choke", "rf-sign-choke"),
    Question("kill", "rf-q-kill", "rf-sign-kill"),
    Question("weapon", "rf-q-weapon", "rf-sign-weapon"),
    Question("worse", "rf-q-worse", "rf-sign-worse"),
    Question("leave", "rf-q-leave", "rf-sign-leave"),
    Question("children", "rf-q-children", "rf-sign-children"),
)
IDS = tuple(q.id for q in QUESTIONS)
TOTAL = len(QUESTIONS)
VALUES = frozenset(a.value for a in Answer)


@dataclass(frozen=True)
class Round:
    """One round of the questions, kept in FSM data under `PROGRESS_KEY`."""

    position: int = 0  # index into QUESTIONS; == TOTAL when every question is answered
    answers: dict[str, str] = field(default_factory=dict)  # question id -> Answer value
    marked_before: bool = False  # a yes was on record when this round began
    alerted: bool = False  # the emergency screen was shown in this round

    def to_data(self) -> dict[str, Any]:
        return {"pos": self.position, "answers": dict(self.answers),
                "before": self.marked_before, "alerted": self.alerted}

    @classmethod
    def from_data(cls, data: object) -> Round | None:
        """The round kept in FSM data, or None when there is none or it is not ours."""
        if not isinstance(data, Mapping):
            return None
        position, answers = data.get("pos"), data.get("answers", {})
        before, alerted = data.get("before", False), data.get("alerted", False)
        if (type(position) is not int or not 0 <= position <= TOTAL
                or not isinstance(answers, Mapping)
                or not all(k in IDS and v in VALUES for k, v in answers.items())
                or not isinstance(before, bool) or not isinstance(alerted, bool)):
            return None
        return cls(position, {str(k): str(v) for k, v in answers.items()}, before, alerted)


# -- reading FSM data --------------------------------------------------------------------------
def urgent_from(data: Mapping[str, Any] | None) -> bool:
    """Whether a request to a defender made now must be urgent: a yes to a red-flag question
    is on record in the person's dialog data. What the intake calls."""
    return data is not None and data.get(MARK_KEY) is True


def mark_only(data: Mapping[str, Any] | None) -> dict[str, Any]:
    """What this dialog keeps when another dialog is cancelled (/cancel): the mark alone."""
    return {MARK_KEY: True} if urgent_from(data) else {}


def answers_kept(data: Mapping[str, Any] | None) -> int | None:
    """How many answers of a round under way are kept (for /mydata), or None: no round."""
    r = round_from(data)
    return None if r is None else len(r.answers)


def round_from(data: Mapping[str, Any] | None) -> Round | None:
    return Round.from_data((data or {}).get(PROGRESS_KEY))


def begin(data: Mapping[str, Any] | None) -> Round:
    """A new round from the first question; a yes on record stays on record."""
    return Round(marked_before=urgent_from(data))


# -- moving through a round --------------------------------------------------------------------
def current(r: Round) -> Question | None:
    """The question on screen, or None when every question is answered."""
    return QUESTIONS[r.position] if 0 <= r.position < TOTAL else None


def is_finished(r: Round) -> bool:
    return r.position >= TOTAL


def alert_now(r: Round, value: Answer) -> bool:
    """Whether this answer must bring the emergency screen at once: the round's first yes."""
    return value == Answer.YES and current(r) is not None and not r.alerted


def answer(r: Round, value: Answer) -> Round:
    """The round with `value` for the question on screen, moved on to the next one."""
    here = current(r)
    if here is None:
        return r
    return replace(r, position=r.position + 1, answers={**r.answers, here.id: value.value},
                   alerted=r.alerted or value == Answer.YES)


def back(r: Round) -> Round | None:
    """The previous question (its answer kept, to be changed), or None at the first."""
    return replace(r, position=r.position - 1) if r.position > 0 else None


def previous(r: Round) -> str | None:
    """The answer given before to the question on screen (after Back), if any."""
    here = current(r)
    return r.answers.get(here.id) if here else None


# -- what the answers mean ---------------------------------------------------------------------
def signs(r: Round, value: Answer = Answer.YES) -> tuple[Question, ...]:
    """The questions answered `value`, in the order asked."""
    return tuple(q for q in QUESTIONS if r.answers.get(q.id) == value.value)


def danger(r: Round) -> bool:
    """Any yes: the only rule. No score, no threshold."""
    return bool(signs(r))


def marked(r: Round) -> bool:
    """The mark to keep: a yes in this round, or one on record before it began."""
    return r.marked_before or danger(r)


# -- writing FSM data --------------------------------------------------------------------------
def _with_mark(data: Mapping[str, Any], mark: bool) -> dict[str, Any]:
    kept = {k: v for k, v in data.items() if k not in (PROGRESS_KEY, MARK_KEY)}
    return {**kept, MARK_KEY: True} if mark else kept


def store(data: Mapping[str, Any] | None, r: Round) -> dict[str, Any]:
    """The dialog data with this round under way, and the mark as its answers say."""
    return {**_with_mark(data or {}, marked(r)), PROGRESS_KEY: r.to_data()}


def finish(data: Mapping[str, Any] | None, r: Round) -> dict[str, Any]:
    """The dialog data once the summary is shown: the answers go, only the mark stays."""
    return _with_mark(data or {}, marked(r))
