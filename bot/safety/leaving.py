"""What quick exit and /forget reach besides the chat: the feature's one context, made once at
the composition root (bot/app.py) and handed to its handlers as `leaving`.

`Desk` is what the safety feature needs of the case desk (bot.handoff's `CaseDesk` is one):
the safety feature imports no other feature."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from storage.chat_log import ChatLogRepo
from storage.people import PeopleRepo
from storage.subscriptions import SubscriptionsRepo


class Desk(Protocol):
    """A defender's replies may reach the person later: paused at a quick exit, and the
    person's cases closed and erased at /forget."""

    async def open_case_of(self, user_id: int) -> object | None: ...

    async def pause_contact(self, chat_id: int, by: str) -> None: ...

    async def forget(self, user_id: int) -> None: ...


@dataclass(frozen=True)
class Leaving:
    desk: Desk
    subscriptions: SubscriptionsRepo
    chat_log: ChatLogRepo
    people: PeopleRepo
