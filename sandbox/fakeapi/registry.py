"""Name → handler table for Bot API methods (names are case-insensitive, as in Telegram)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .params import Params
from .world import World

Handler = Callable[[World, Params], Any]

# lower-case name -> (canonical name, handler)
METHODS: dict[str, tuple[str, Handler]] = {}


def method(name: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        METHODS[name.lower()] = (name, fn)
        return fn

    return register


def canonical(name: str) -> str:
    """The documented spelling of a method name, or the name as given if unknown."""
    entry = METHODS.get(name.lower())
    return entry[0] if entry else name
