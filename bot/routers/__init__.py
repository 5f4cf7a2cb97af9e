"""Routers in the order the first match wins: safety, private chat journeys, fallback."""

from aiogram import Router

from bot.routers import assessment, errors, fallback, guidance, rights, safety, start


def all_routers() -> list[Router]:
    return [
        errors.router,
        safety.router,
        start.router,
        assessment.router,
        rights.router,
        guidance.router,
        fallback.router,
    ]
