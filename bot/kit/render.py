"""jinja2 templates for the screens that carry legal content (autoescaped HTML)."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


class Templates:
    def __init__(self) -> None:
        self.env = Environment(
            loader=PackageLoader("texts", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            # The templates ship with the code: no look at each file's mtime on every render
            # (about 2% of the bot's CPU under load, issue #25).
            auto_reload=False,
        )

    def render(self, name: str, **values: Any) -> str:
        return self.env.get_template(name).render(**values).strip()
