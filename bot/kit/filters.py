"""The router tree's filters, applied once per router rather than on every handler.

They are async on purpose: aiogram runs a synchronous filter (such as `F.chat.type == ...`)
in a worker thread, a thread hop per check. They read the chat and the sender that aiogram's
UserContextMiddleware puts in the handler data (`event_chat`, `event_from_user`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from aiogram import Router
from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.types import CallbackQuery, Chat, TelegramObject, User


class PrivateChat(Filter):
    async def __call__(self, event: TelegramObject, event_chat: Chat | None = None) -> bool:
        return event_chat is not None and event_chat.type == "private"


class ChatIn(Filter):
    """Chats a function accepts by id (the organisations' groups as they are now: a group's
    id can change)."""

    def __init__(self, accepts: Callable[[int], bool]) -> None:
        self.accepts = accepts

    async def __call__(self, event: TelegramObject, event_chat: Chat | None = None) -> bool:
        return event_chat is not None and self.accepts(event_chat.id)


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


class PressPrefixIn(Filter):
    """A press whose data is one of these prefixes or starts with one and its separator (`x`,
    `go:`, `a:`…): a string test, so a router none of whose handlers could take a press is
    passed over at its door instead of having every handler unpack the data, fail and raise
    (issue #25: a tenth of a press's CPU went there)."""

    def __init__(self, prefixes: Collection[tuple[str, str]]) -> None:
        self.prefixes = tuple(sorted(prefixes))  # (prefix, separator)
        self._bare = frozenset(prefix for prefix, _ in self.prefixes)  # data with no fields
        self._starts = tuple(prefix + sep for prefix, sep in self.prefixes)

    async def __call__(self, query: CallbackQuery) -> bool:
        data = query.data or ""
        return data in self._bare or data.startswith(self._starts)


def press_prefixes(router: Router) -> frozenset[tuple[str, str]] | None:
    """The prefixes (with their separators) of every press this router and those inside it can
    take, or None when one of its handlers takes presses not told by a prefix (no filter, or
    filters of another kind)."""
    prefixes: set[tuple[str, str]] = set()
    for each in router.chain_tail:
        for handler in each.callback_query.handlers:
            own = [f.callback for f in handler.filters or ()
                   if isinstance(f.callback, CallbackQueryFilter)]
            if not own:
                return None
            data = own[0].callback_data
            prefixes.add((data.__prefix__, data.__separator__))
    return frozenset(prefixes)


def gate_presses(root: Router) -> Router:
    """Give every router whose presses all carry a prefix a door that lets only those in. The
    same handlers answer the same presses: a press no handler inside could take is passed over
    sooner, nothing else changes (aiogram checks a router's own filters before its handlers
    and the routers inside it)."""
    for router in root.chain_tail:
        prefixes = press_prefixes(router)
        if prefixes is not None:
            router.callback_query.filter(PressPrefixIn(prefixes))
    return root
