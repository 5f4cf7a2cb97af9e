"""Remember message ids in private chats (both sides) so quick exit can delete them.

Incoming ids are noted by an update middleware; outgoing ones by a request middleware on the
bot's session, which sees every message the bot sends, whichever handler sent it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import Message, TelegramObject

from storage.chat_log import ChatLogRepo

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
_SENDING = ("Send", "Copy", "Forward")


class LogIncoming(BaseMiddleware):
    def __init__(self, chat_log: ChatLogRepo) -> None:
        self.chat_log = chat_log

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if isinstance(event, Message) and event.chat.type == "private":
            await self.chat_log.remember(event.chat.id, event.message_id)
        return await handler(event, data)


class LogOutgoing(BaseRequestMiddleware):
    def __init__(self, chat_log: ChatLogRepo) -> None:
        self.chat_log = chat_log

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        # aiogram's request chain hands back the method's result itself, despite the annotation
        sent: Any = await make_request(bot, method)
        if (type(method).__name__.startswith(_SENDING) and isinstance(sent, Message)
                and sent.chat.type == "private"):
            await self.chat_log.remember(sent.chat.id, sent.message_id)
        return sent  # type: ignore[no-any-return]
