"""Long texts: keep the detail when it fits in one Telegram message, else drop it."""

from __future__ import annotations

from collections.abc import Callable

MESSAGE_LIMIT = 4000  # Telegram takes 4096 characters; HTML tags only make the count safer


def fit(render: Callable[[bool], str], limit: int = MESSAGE_LIMIT) -> str:
    """`render(True)` if it fits within `limit` characters, else `render(False)`."""
    detailed = render(True)
    return detailed if len(detailed) <= limit else render(False)
