"""The journeys of a private chat: start & menu, pre-assessment, rights, guidance, and the
handoff to a social defender (the intake, then one's open case)."""

from __future__ import annotations

from aiogram import Router

from bot.routers.private import assessment, guidance, handoff, relay, rights, start


def make_router() -> Router:
    router = Router(name="private")
    router.include_routers(start.make_router(), assessment.make_router(), rights.make_router(),
                           guidance.make_router(), handoff.make_router(),
                           relay.make_router())  # last: what no journey took goes to a case
    return router
