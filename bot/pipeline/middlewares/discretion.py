"""Discretion on every request, whoever built it (a handler, the outbound queue, a broadcast):

- to a person's private chat, a message is silent (`disable_notification`) unless the caller
  said otherwise: the phone may be in someone else's hands, and a sound at a moment the
  person did not choose can give them away. The only messages with sound are those the
  person asked to hear (the desk sets `disable_notification=False` for them);
- to an organisation's group, a message is protected (`protect_content`): it cannot be forwarded
  out of the group or saved, so a case never leaves it through a colleague's slip.
"""

from __future__ import annotations

from collections.abc import Container

from aiogram import Bot
from aiogram.client.default import Default
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType


def _unset(value: object) -> bool:
    return value is None or isinstance(value, Default)


class Discretion(BaseRequestMiddleware):
    def __init__(self, groups: Container[int]) -> None:
        self.groups = groups  # the organisations' groups as they are now

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        chat_id = getattr(method, "chat_id", None)
        if isinstance(chat_id, int):
            fields = type(method).model_fields
            if chat_id > 0 and "disable_notification" in fields \
                    and _unset(getattr(method, "disable_notification", None)):
                method = method.model_copy(update={"disable_notification": True})
            elif chat_id in self.groups and "protect_content" in fields \
                    and _unset(getattr(method, "protect_content", None)):
                method = method.model_copy(update={"protect_content": True})
        return await make_request(bot, method)
