"""Who is this, loaded once per update and injected into the handlers' data.

`visitor` (language and role), `t` (their texts), and for a chat with a dialog state `journey`
(the questionnaire under way, read at most once) and `screens` (the shared screens, in their
language). Registered after aiogram's FSM middleware, so `state` and `raw_state` are here.
Whether a social defender can be reached (the case desk is configured) rides on `screens`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import Chat, TelegramObject, User

from bot.content import LegalContent
from bot.i18n import Translations, locale_for_client
from bot.journey import Journey
from bot.render import Templates
from bot.settings import Settings
from bot.ui.screens import Screens
from dialogs.roles import Role, role_of
from storage.people import PeopleRepo

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


@dataclass(frozen=True)
class Visitor:
    user_id: int
    locale: str | None  # the stored choice; None until the person has one
    client_locale: str | None  # kk or ru from the Telegram client, else None
    role: Role | None = None  # None in a chat the bot does not serve

    @property
    def effective_locale(self) -> str:
        return self.locale or self.client_locale or "en"


class VisitorContext(BaseMiddleware):
    def __init__(self, people: PeopleRepo, translations: Translations, content: LegalContent,
                 templates: Templates, settings: Settings) -> None:
        self.people = people
        self.translations = translations
        self.content = content
        self.templates = templates
        self.settings = settings

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None or user.is_bot:
            return await handler(event, data)
        chat: Chat | None = data.get("event_chat")
        visitor = Visitor(
            user_id=user.id,
            locale=await self.people.locale(user.id),
            client_locale=locale_for_client(user.language_code),
            role=role_of(user.id, chat.id if chat else None, chat.type if chat else None,
                         self.settings.defenders_chat_id, self.settings.admin_ids),
        )
        t = self.translations.get(visitor.effective_locale)
        data["visitor"], data["t"] = visitor, t
        state: FSMContext | None = data.get("state")
        if state is not None:
            journey = await Journey.load(state, data.get("raw_state"), self.content.assessment.id)
            data["journey"] = journey
            desk = data.get("desk")  # the case desk (bot.handoff), from the dispatcher's data
            available = bool(desk is not None and desk.available)
            data["screens"] = Screens(t, self.content, self.templates, journey,
                                      defenders=available,
                                      hours=desk.hours if available else None)
        return await handler(event, data)
