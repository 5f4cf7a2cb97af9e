"""Admins in a private chat (the tree filters this branch to ADMIN_IDS): NGO broadcasts.

The controls come first: /broadcasts works in the middle of composing one."""

from __future__ import annotations

from aiogram import Router

from bot.routers.admin import composer, controls


def make_router() -> Router:
    router = Router(name="admin")
    router.include_routers(controls.make_router(), composer.make_router())
    return router
