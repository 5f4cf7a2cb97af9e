"""Waiting for a typed answer (the safety plan's, the journal's): what a wait keeps, and when a
message is the answer.

Waiting must never swallow a message meant for something else: a message to a defender, or what
someone types on a phone after a quick exit. So a message is the answer only while the prompt
is the last thing in the chat (no message came after it, by either side: the chat log keeps
the ids of both for 48 hours) and for WAIT_SECONDS after the prompt was shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, Generic, Self, TypeVar

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State

WAIT_SECONDS = 30 * 60


def answers_prompt(since: int, last: int, message_id: int, chat_ids: Iterable[int],
                   at: int) -> bool:
    """`since`: when the prompt was shown; `last`: the newest message of the exchange (the
    prompt, or an answer deleted since); `chat_ids`: the ids the chat log holds now."""
    if at - since > WAIT_SECONDS:
        return False
    return not any(i > last and i != message_id for i in chat_ids)


K = TypeVar("K", bound=StrEnum)


@dataclass(frozen=True)
class Wait(Generic[K]):
    """A prompt waiting for a typed answer. A feature subclasses it to say what `key` is (its
    enum, KIND) and under which name it is kept in the dialog's data (TAG)."""

    TAG: ClassVar[str]
    KIND: ClassVar[Callable[[Any], Any]]

    key: K  # what the answer is for: a plan's section, a journal's field
    screen: int  # the message the prompt is on
    last: int  # the newest message of this exchange (the prompt, or a typed answer deleted)
    since: int  # when the prompt was shown
    resume: str | None  # the dialog state before, restored afterwards

    def to_data(self) -> dict[str, Any]:
        return {self.TAG: self.key.value, "m": self.screen, "l": self.last, "at": self.since,
                "r": self.resume}

    @classmethod
    def from_data(cls, data: object) -> Self | None:
        if not isinstance(data, Mapping):
            return None
        try:
            key = cls.KIND(data.get(cls.TAG))
            screen, last, since = (int(data[k]) for k in ("m", "l", "at"))
        except (KeyError, TypeError, ValueError):
            return None
        resume = data.get("r")
        return cls(key, screen, last, since, resume if isinstance(resume, str) else None)


W = TypeVar("W", bound=Wait[Any])


class Waits(Generic[W]):
    """One feature's waits: its dialog state while waiting and the data key of the wait."""

    def __init__(self, wait: type[W], state: State, data_key: str) -> None:
        self.wait, self.state, self.data_key = wait, state, data_key

    async def waiting(self, fsm: FSMContext, raw_state: str | None) -> W | None:
        if raw_state != self.state.state:
            return None
        return self.wait.from_data((await fsm.get_data()).get(self.data_key))

    async def stop(self, fsm: FSMContext, raw_state: str | None) -> None:
        """Back to the dialog state from before the prompt; nothing of the wait is kept."""
        if raw_state != self.state.state:
            return
        data = dict(await fsm.get_data())
        wait = self.wait.from_data(data.pop(self.data_key, None))
        await fsm.set_data(data)
        await fsm.set_state(wait.resume if wait else None)

    async def start(self, fsm: FSMContext, wait: W) -> None:
        await fsm.set_state(self.state)
        await fsm.update_data({self.data_key: wait.to_data()})
