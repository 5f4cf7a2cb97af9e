"""The journeys of a private chat: start & menu, legal news, pre-assessment, rights, guidance,
and the handoff to a social defender (the intake, then one's open case)."""

from __future__ import annotations

from aiogram import Router

from bot.routers.private import (
    assessment,
    blocked,
    directory,
    guidance,
    handoff,
    mydata,
    news,
    red_flags,
    relay,
    rights,
    safety_plan,
    someone,
    start,
    trace,
)


def make_router() -> Router:
    router = Router(name="private")
    # trace, news and mydata right after start: /hide, /subscribe and /mydata work in the
    # middle of the intake, as /help does
    router.include_routers(start.make_router(), trace.make_router(), news.make_router(),
                           mydata.make_router(),
                           assessment.make_router(),
                           rights.make_router(), guidance.make_router(),
                           red_flags.make_router(), someone.make_router(),
                           safety_plan.make_router(),
                           directory.make_router(), handoff.make_router(),
                           blocked.make_router(),
                           relay.make_router())  # last: what no journey took goes to a case
    return router
