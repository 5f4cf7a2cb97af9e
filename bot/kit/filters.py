"""The router tree's filters, applied once per router rather than on every handler.

They are async on purpose: aiogram runs a synchronous filter (such as `F.chat.type == ...`)
in a worker thread, a thread hop per check. They read the chat and the sender that aiogram's
UserContextMiddleware puts in the handler data (`event_chat`, `event_from_user`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from aiogram import Router
from aiogram.filters import Filter
from aiogram.types import Chat, TelegramObject, User


class PrivateChat(Filter):
    async def __call__(self, event: TelegramObject, event_chat: Chat | None = None) -> bool:
        return event_chat is not None and event_chat.type == "private"


class ChatIs(Filter):
    """One chat by id (or by a function giving the id now: a group's id can change); no chat
    at all when the id is not set."""

    def __init__(self, chat_id: int | Callable[[], int | None] | None) -> None:
        self.chat_id = chat_id if callable(chat_id) else (lambda: chat_id)

    async def __call__(self, event: TelegramObject, event_chat: Chat | None = None) -> bool:
        wanted = self.chat_id()
        return wanted is not None and event_chat is not None and event_chat.id == wanted


class FromUserIn(Filter):
    def __init__(self, user_ids: Collection[int]) -> None:
        self.user_ids = frozenset(user_ids)

    async def __call__(self, event: TelegramObject,
                       event_from_user: User | None = None) -> bool:
        return event_from_user is not None and event_from_user.id in self.user_ids


def only(router: Router, *filters: Filter) -> Router:
    """Filter every kind of update this router (and the routers inside it) may take.
    Errors are left alone: the error handler must see every failure."""
    for name, observer in router.observers.items():
        if name != "error":
            observer.filter(*filters)
    return router
