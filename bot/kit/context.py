"""A feature's small context for one update: what its handlers need, bundled once, so a
handler takes the event, its button's data and one object instead of six parameters.

`bundle(router, "here", Session.of)` puts `Session.of(data)` in the handlers' data as `here`,
for each message or press that router's handlers take (a router-level middleware: it runs only
when one of them matched). What lasts as long as the process (repositories, the desk) is
bundled once instead, at the composition root, and handed over as dispatcher data.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Router
from aiogram.types import TelegramObject

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class Bundle(BaseMiddleware):
    def __init__(self, name: str, make: Callable[[dict[str, Any]], object]) -> None:
        self.name = name
        self.make = make

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        data[self.name] = self.make(data)
        return await handler(event, data)


def bundle(router: Router, name: str, make: Callable[[dict[str, Any]], object]) -> Router:
    """Give the messages and presses `router` handles `name` = make(data)."""
    middleware = Bundle(name, make)
    router.message.middleware(middleware)
    router.callback_query.middleware(middleware)
    return router
