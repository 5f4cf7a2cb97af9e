"""Who is this: the person's language, loaded once per update and injected as `visitor` and `t`.

Later issues add the role (defender, admin) and the open case here, still in one lookup.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User

from bot.i18n import Translations, locale_for_client
from storage.people import PeopleRepo

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


@dataclass(frozen=True)
class Visitor:
    user_id: int
    locale: str | None  # the stored choice; None until the person has one
    client_locale: str | None  # kk or ru from the Telegram client, else None

    @property
    def effective_locale(self) -> str:
        return self.locale or self.client_locale or "en"


class VisitorContext(BaseMiddleware):
    def __init__(self, people: PeopleRepo, translations: Translations) -> None:
        self.people = people
        self.translations = translations

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None or user.is_bot:
            return await handler(event, data)
        visitor = Visitor(
            user_id=user.id,
            locale=await self.people.locale(user.id),
            client_locale=locale_for_client(user.language_code),
        )
        data["visitor"] = visitor
        data["t"] = self.translations.get(visitor.effective_locale)
        return await handler(event, data)
