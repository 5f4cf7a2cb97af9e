"""Remember message ids in private chats (both sides) so quick exit can delete them.

Incoming ids are noted by an update middleware; outgoing ones by a request middleware on the
bot's session, which sees every request whichever code made it (a handler, the outbound queue).
What counts is the *result*: any method that places messages returns them (a Message, a list
of them, a MessageId for copyMessage, a list of MessageId for copyMessages); only edits, which
return the message they changed, are left out.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import (
    EditMessageCaption,
    EditMessageLiveLocation,
    EditMessageMedia,
    EditMessageReplyMarkup,
    EditMessageText,
    SetGameScore,
    StopMessageLiveLocation,
    TelegramMethod,
)
from aiogram.methods.base import Response, TelegramType
from aiogram.types import Message, MessageId, TelegramObject

from storage.chat_log import ChatLogRepo

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
EDITS = (EditMessageText, EditMessageCaption, EditMessageMedia, EditMessageReplyMarkup,
         EditMessageLiveLocation, StopMessageLiveLocation, SetGameScore)


def placed_in_private_chat(method: TelegramMethod[Any], result: object) -> tuple[int, list[int]]:
    """(chat id, message ids) this request placed in a private chat, or (0, [])."""
    if isinstance(method, EDITS):
        return 0, []
    items = result if isinstance(result, list) else [result]
    ids: list[int] = []
    chat_id = 0
    for item in items:
        if isinstance(item, Message):
            if item.chat.type != "private":
                return 0, []
            chat_id = item.chat.id
            ids.append(item.message_id)
        elif isinstance(item, MessageId):
            target = getattr(method, "chat_id", None)
            if not isinstance(target, int) or target <= 0:  # groups and channels are negative
                return 0, []
            chat_id = target
            ids.append(item.message_id)
    return chat_id, ids


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
        result: Any = await make_request(bot, method)
        chat_id, ids = placed_in_private_chat(method, result)
        if ids:
            await self.chat_log.remember(chat_id, ids)
        return result  # type: ignore[no-any-return]
