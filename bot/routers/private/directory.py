"""(being built: issue #15)"""

from __future__ import annotations

from aiogram import Router


def make_router() -> Router:
    return Router(name="directory")
