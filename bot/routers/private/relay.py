"""A person with an open case: what they write goes to their defender (commands and the
dialogs on screen come first; this router is the last of the private ones).

A person a defender blocked (bot/routers/defenders) is not relayed: the first message they
write is answered once, politely and without blame, with where else to get help; what they
write after that meets the fallback's menu, as anywhere else the bot has no answer.
"""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.filters import Filter
from aiogram.types import Message, TelegramObject, User

from bot.handoff.desk import CaseDesk
from bot.i18n import Translator
from bot.ui import keyboards


class HasCase(Filter):
    """The person's open case (or one a defender closed, which writing reopens), injected as
    `case`, with `blocked`, their blocked case, when the person is blocked and not yet told;
    commands are never relayed."""

    async def __call__(self, event: TelegramObject, desk: CaseDesk | None = None,
                       event_from_user: User | None = None) -> bool | dict[str, Any]:
        if event_from_user is None or desk is None or not desk.available:
            return False
        if isinstance(event, Message) and (event.text or "").startswith("/"):
            return False
        case = await desk.cases.latest_of(event_from_user.id)
        if case is None or not (case.open or case.reopens_on_write):
            return False
        blocked = await desk.blocked(event_from_user.id)
        if blocked is not None:  # nothing passes; a new message is told once, an edit never
            if blocked.block_told or not isinstance(event, Message) or event.edit_date:
                return False
            return {"case": case, "blocked": blocked}
        return {"case": case, "blocked": None}


async def on_message(message: Message, case: Any, blocked: Any, desk: CaseDesk,
                     t: Translator) -> None:
    if blocked is not None:
        await desk.cases.told_block(blocked.id)
        await message.answer(t("case-blocked-person"), reply_markup=keyboards.back_to_menu(t))
        return
    await desk.relay_in(message, case)
    if not case.told_relay:  # said once, not after every message
        await desk.cases.told_relay(case.id)
        await message.answer(t("case-relay-started", case=case.id))


async def on_edited(message: Message, case: Any, desk: CaseDesk) -> None:
    await desk.edit_in(message, case)


def make_router() -> Router:
    router = Router(name="relay")
    router.message.register(on_message, HasCase())
    router.edited_message.register(on_edited, HasCase())
    return router
