"""The bot's command menus: everyone's, in each language, and each admin's own (the broadcast
and directory commands added).

Telegram sets a menu for one chat only once that chat exists for the bot: for an admin who has
not opened the bot yet, `setMyCommands` with their chat scope answers "chat not found". An NGO
usually puts its admins in ADMIN_IDS before they open the bot, so such an admin must never stop
start-up: their menu waits, and is set when they first write (`AdminMenuOnFirstContact`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Collection
from typing import Any, Literal

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    Chat,
    TelegramObject,
    User,
)

from bot.commands import ADMIN_COMMANDS, COMMANDS
from bot.kit.i18n import Translations
from dialogs.loggable import Hashed

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class CommandMenus:
    def __init__(self, translations: Translations, admin_ids: Collection[int]) -> None:
        self.translations = translations
        self.waiting: set[int] = set(admin_ids)  # admins whose own menu is not set yet

    def _menus(self) -> list[tuple[str | None, list[BotCommand], list[BotCommand]]]:
        """(language code or None for the default, everyone's commands, an admin's commands)."""
        menus = []
        for t in self.translations.all():
            everyone = [BotCommand(command=name, description=str(t(msg_id)))
                        for name, msg_id in COMMANDS.items()]
            extra = [BotCommand(command=name, description=str(t(msg_id)))
                     for name, msg_id in ADMIN_COMMANDS.items()]
            # English is the default, for every client language we have no texts in
            menus.append((None if t.locale == "en" else t.locale, everyone, everyone + extra))
        return menus

    async def set_everyone(self, bot: Bot) -> None:
        """Everyone's menu; a failure here is the Bot API's, and the caller's to report."""
        for language, everyone, _ in self._menus():
            await bot.set_my_commands(everyone, scope=BotCommandScopeAllPrivateChats(),
                                      language_code=language)

    async def set_admins(self, bot: Bot) -> None:
        """At start: every admin's own menu that Telegram accepts now; one line for each of the
        others (the id is hashed in the log, as everywhere)."""
        for admin in sorted(self.waiting):
            if await self.set_admin(bot, admin) == "not open":
                log.warning("admin %s has not opened the bot yet: their command menu will be "
                            "set when they do", Hashed(admin))

    async def set_admin(self, bot: Bot, admin: int) -> Literal["set", "not open", "failed"]:
        """The admin's own menu in each language. "not open": their chat is not open to the bot
        (they never wrote to it, or blocked it); "failed": the network or a 5xx, said in one
        line. Either way it is tried again when they write."""
        try:
            for language, _, commands in self._menus():
                await bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id=admin),
                                          language_code=language)
        except (TelegramBadRequest, TelegramForbiddenError):
            return "not open"
        except TelegramAPIError as exc:
            log.warning("admin %s: their command menu could not be set now (%s); it will be "
                        "set when they write", Hashed(admin), exc)
            return "failed"
        self.waiting.discard(admin)
        return "set"


class AdminMenuOnFirstContact(BaseMiddleware):
    """An admin whose menu is still waiting writes in their private chat: set it now. One set
    lookup for everyone else."""

    def __init__(self, menus: CommandMenus) -> None:
        self.menus = menus

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        chat: Chat | None = data.get("event_chat")
        if user is not None and user.id in self.menus.waiting and chat is not None \
                and chat.type == "private":
            await self.menus.set_admin(data["bot"], user.id)
        return await handler(event, data)
