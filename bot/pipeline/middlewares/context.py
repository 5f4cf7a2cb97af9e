"""Who is this, loaded once per update and injected into the handlers' data.

`visitor` (language and role) and `t` (their texts); then, for a chat with a dialog state,
what the composition root adds (`in_dialog`: bot/context.py puts the questionnaire under way,
read at most once, and the shared screens in the person's language). Registered after
aiogram's FSM middleware, so `state` and `raw_state` are here. The pipeline knows no feature:
what a dialog needs per update is the root's to say.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Container
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import Chat, TelegramObject, User

from bot.kit.i18n import Translations, Translator, locale_for_client
from bot.settings import Settings
from dialogs.roles import Role, role_of
from storage.people import PeopleRepo

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
# Adds to the handlers' data, for an update in a chat with a dialog state: (data, state, t)
InDialog = Callable[[dict[str, Any], FSMContext, Translator], Awaitable[None]]


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
    def __init__(self, people: PeopleRepo, translations: Translations, settings: Settings,
                 in_dialog: InDialog | None = None, groups: Container[int] | None = None,
                 ) -> None:
        """`groups`: the organisations' groups as they are now (default: as configured)."""
        self.people = people
        self.translations = translations
        self.settings = settings
        self.in_dialog = in_dialog
        self.groups = groups if groups is not None else \
            frozenset(o.chat_id for o in settings.organisations())

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
                         self.groups, self.settings.admin_ids),
        )
        t = self.translations.get(visitor.effective_locale)
        data["visitor"], data["t"] = visitor, t
        state: FSMContext | None = data.get("state")
        if state is not None and self.in_dialog is not None:
            await self.in_dialog(data, state, t)
        return await handler(event, data)
