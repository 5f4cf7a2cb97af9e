"""Admins in a private chat: broadcast composer, figures. Empty for now."""

from __future__ import annotations

from aiogram import Router


def make_router() -> Router:
    return Router(name="admin")
