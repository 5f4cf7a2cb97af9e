"""The HTTP session to the Bot API: aiogram's, with the answer's model kept warm.

aiogram checks every answer with `Response[method.__returning__]`. pydantic keeps such
parametrised classes only in a weak cache, so the garbage collector frees them between calls
and each call builds the class again: about 1 ms of CPU a call (10% of the bot's CPU under
load, issue #25), and generation-1 collections of 3-14 ms several times a second. Holding one
class per kind of method here keeps pydantic's cache hit (2.5 µs) for the process's life.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response

if TYPE_CHECKING:
    from aiogram import Bot

_answers: dict[type[TelegramMethod[Any]], type[Response[Any]]] = {}


def keep_answer_model(method: TelegramMethod[Any]) -> None:
    """Hold `Response[T]` for this kind of method (one per kind: a few dozen at most)."""
    kind = type(method)
    if kind not in _answers:
        _answers[kind] = Response[method.__returning__]  # type: ignore[name-defined]


class BotSession(AiohttpSession):
    def check_response(self, bot: Bot, method: TelegramMethod[Any], status_code: int,
                       content: str) -> Response[Any]:
        keep_answer_model(method)
        return super().check_response(bot, method, status_code, content)
