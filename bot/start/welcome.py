"""First contact, shared by /start and by whatever someone new sends first."""

from __future__ import annotations

from aiogram.types import Message

from bot.kit.screens import Screens
from bot.pipeline.middlewares.context import Visitor
from storage.people import PeopleRepo


async def welcome(message: Message, visitor: Visitor, people: PeopleRepo,
                  screens: Screens) -> None:
    """Safety first: the greeting asks whether the person is in danger right now. Someone new
    with a kk or ru client gets that language at once; anyone else picks one first."""
    if visitor.locale is None:
        if visitor.client_locale is None:
            await screens.languages(message, menu=False)
            return
        await people.set_locale(visitor.user_id, visitor.client_locale)
    await screens.start(message)
