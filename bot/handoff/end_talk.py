"""The conversation with one's defender ends at the person's next press or command.

Registered after aiogram's FSM middleware and before the context (who is this): the dialog
state from before the conversation is back before the journey is read and any router sees
the update, so the screen the person opens next (a question of the pre-assessment, the safety
plan …) works as if the conversation had never been on screen. Costs nothing outside it: the
state is already read.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import TelegramObject, Update

from bot.handoff import talk

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class EndTalk(BaseMiddleware):
    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        state: FSMContext | None = data.get("state")
        if (state is not None and talk.in_talk(data.get("raw_state"))
                and isinstance(event, Update) and talk.ends_talk(event)):
            data["raw_state"] = await talk.leave(state)
        return await handler(event, data)
