"""/unblock <case number>: an NGO admin lifts a block from a private chat with the bot (the tree
filters this branch to ADMIN_IDS). The same as 🔓 on the case's summary, for admins who are
not in the defenders' group."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.handoff.desk import CaseDesk
from bot.kit.i18n import Translator


def case_number(args: str | None) -> int | None:
    """"12", "#12" or "№12"; None for anything else."""
    text = (args or "").strip().lstrip("#№").strip()
    if not (text.isascii() and text.isdigit() and len(text) < 10):
        return None
    return int(text) or None


async def on_unblock(message: Message, command: CommandObject, t: Translator,
                     desk: CaseDesk) -> None:
    number = case_number(command.args)
    if number is None or message.from_user is None:
        await message.answer(t("case-unblock-usage"))
        return
    case = await desk.cases.get(number)
    if case is None:
        await message.answer(t("case-unblock-unknown", case=number))
    elif not case.blocked:
        await message.answer(t("case-unblock-not-blocked", case=number))
    else:
        await desk.unblock(case, message.from_user.id)
        await message.answer(t("case-unblock-done", case=number))


def make_router() -> Router:
    router = Router(name="admin-cases")
    router.message.register(on_unblock, Command("unblock"))
    return router
