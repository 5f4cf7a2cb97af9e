"""The defenders' chat: case buttons, replies, /send. Empty until the handoff fills it."""

from __future__ import annotations

from aiogram import Router


def make_router() -> Router:
    return Router(name="defenders")
