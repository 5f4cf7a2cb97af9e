"""Fluent translations: one bundle per locale, loaded once at start-up.

Handlers pass values, never sentences. String values are escaped here, where they enter an HTML
message; numbers render without grouping (a year or an id must not read "2 014").
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.types import fluent_number
from markupsafe import Markup, escape

LOCALES = ("kk", "ru", "en")
log = logging.getLogger(__name__)


def locale_for_client(language_code: str | None) -> str | None:
    """kk and ru clients get their language at once; anyone else is offered a choice."""
    code = (language_code or "").split("-")[0].lower()
    return code if code in ("kk", "ru") else None


def _fluent_args(args: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in args.items():
        if isinstance(value, bool):
            value = str(value).lower()
        if isinstance(value, int | float):
            out[name] = fluent_number(value, useGrouping=False)
        elif isinstance(value, Markup):
            out[name] = str(value)
        else:
            out[name] = str(escape(value))
    return out


@dataclass(frozen=True)
class Translator:
    locale: str
    bundle: FluentBundle

    def __call__(self, msg_id: str, **args: Any) -> Markup:
        """The message as safe HTML; a missing id shows the id rather than failing the reply."""
        if not self.bundle.has_message(msg_id):
            log.error("missing Fluent message %s in %s", msg_id, self.locale)
            return Markup(escape(msg_id))
        message = self.bundle.get_message(msg_id)
        text, errors = self.bundle.format_pattern(message.value, _fluent_args(args))
        for error in errors:
            log.error("Fluent message %s in %s: %s", msg_id, self.locale, type(error).__name__)
        return Markup(text)


def _read_locale(locale: str) -> Iterable[str]:
    folder = resources.files("texts") / "locales" / locale
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".ftl"):
            yield entry.read_text(encoding="utf-8")


class Translations:
    """All locales; `get` falls back to English for a locale we do not have."""

    def __init__(self) -> None:
        self._by_locale: dict[str, Translator] = {}
        for locale in LOCALES:
            bundle = FluentBundle([locale], use_isolating=False)
            for source in _read_locale(locale):
                bundle.add_resource(FluentResource(source))
            self._by_locale[locale] = Translator(locale, bundle)

    def get(self, locale: str | None) -> Translator:
        return self._by_locale.get(locale or "en", self._by_locale["en"])

    def all(self) -> list[Translator]:
        return list(self._by_locale.values())
