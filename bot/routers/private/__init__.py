"""The journeys of a private chat: start & menu, pre-assessment, rights, guidance."""

from __future__ import annotations

from aiogram import Router

from bot.routers.private import assessment, guidance, rights, start


def make_router() -> Router:
    router = Router(name="private")
    router.include_routers(start.make_router(), assessment.make_router(), rights.make_router(),
                           guidance.make_router())
    return router
