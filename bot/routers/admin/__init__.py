"""Admins in a private chat (the tree filters this branch to ADMIN_IDS): NGO broadcasts, and
lifting a block from a case (/unblock).

The controls come first: /broadcasts and /unblock work in the middle of composing one."""

from __future__ import annotations

from aiogram import Router

from bot.routers.admin import cases, composer, controls, directory


def make_router() -> Router:
    router = Router(name="admin")
    router.include_routers(cases.make_router(), controls.make_router(),
                           directory.make_router(), composer.make_router())
    return router
