"""Fluent translations: one bundle per locale, loaded once at start-up.

Handlers pass values, never sentences. String values are escaped here, where they enter an HTML
message; numbers render without grouping (a year or an id must not read "2 014").
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from fluent.runtime import FluentBundle
from fluent.runtime.resolver import Message
from fluent.runtime.types import FluentInt, fluent_number
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor
from markupsafe import Markup, escape

from dialogs.loggable import Safe

LOCALES = ("kk", "ru", "en")
log = logging.getLogger(__name__)


def locale_for_client(language_code: str | None) -> str | None:
    """kk and ru clients get their language at once; anyone else is offered a choice."""
    code = (language_code or "").split("-")[0].lower()
    return code if code in ("kk", "ru") else None


class WholeNumber(FluentInt):
    """A whole number for Fluent, written as its digits: what babel writes without grouping in
    kk, ru and en (tests/test_i18n.py), without babel's pattern machinery, which was a
    twentieth of a press's CPU (issue #25). Plural selection still reads it as a number."""

    def __new__(cls, value: int) -> WholeNumber:
        self = int.__new__(cls, value)
        self.options = _NO_GROUPING
        return self

    def format(self, locale: Any) -> str:
        return int.__repr__(self)


_NO_GROUPING = fluent_number(0, useGrouping=False).options  # type: ignore[union-attr]


def _fluent_args(args: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in args.items():
        if isinstance(value, bool):
            value = str(value).lower()
        if isinstance(value, int):
            out[name] = WholeNumber(value)
        elif isinstance(value, float):
            out[name] = fluent_number(value, useGrouping=False)
        elif isinstance(value, Markup):
            out[name] = str(value)
        else:
            out[name] = str(escape(value))
    return out


class Catalog:
    """One locale's messages, each parsed on first use (parsing every file at start-up was
    most of the start's CPU after the imports, and its trees stay in memory): the files are
    only cut into entries at start, terms parsed at once (messages refer to them)."""

    def __init__(self, locale: str, sources: Iterable[str]) -> None:
        self.bundle = FluentBundle([locale], use_isolating=False)
        self._unparsed: dict[str, str] = {}
        terms = []
        for source in sources:
            for name, entry in entries(source):
                if name.startswith("-"):
                    terms.append(entry)
                else:  # the first definition wins, as in FluentBundle
                    self._unparsed.setdefault(name, entry)
        for term in terms:
            for msg_id in self._add(term):  # what a term refers to is there when it is used
                self.message(msg_id)

    def has(self, msg_id: str) -> bool:
        return msg_id in self._unparsed or self.bundle.has_message(msg_id)

    def message(self, msg_id: str) -> Message | None:
        """The message, parsed now if it was not yet, with the messages it refers to."""
        waiting = [msg_id]
        while waiting:
            entry = self._unparsed.pop(waiting.pop(), None)
            if entry is not None:
                waiting.extend(self._add(entry))
        return self.bundle.get_message(msg_id) if self.bundle.has_message(msg_id) else None

    def _add(self, entry: str) -> list[str]:
        """Parse one entry into the bundle; the ids of the messages it refers to."""
        resource = _PARSER.parse(entry)
        self.bundle.add_resource(resource)
        found = _References()
        found.visit(resource)
        return found.ids


class _References(Visitor):
    def __init__(self) -> None:
        self.ids: list[str] = []

    def visit_MessageReference(self, node: ast.MessageReference) -> None:
        self.ids.append(node.id.name)


_PARSER = FluentParser(with_spans=False)  # spans serve editors, not formatting


def entries(source: str) -> Iterator[tuple[str, str]]:
    """A Fluent file cut into (id, text) of its messages and terms ("-name"). An entry starts
    at a line that begins with a letter or "-" and runs to the next line that begins with
    anything but a space, a blank, or the "}", "[", "*", "." a select or an attribute may begin
    a line with; comments are left out (they do not change a message)."""
    name: str | None = None
    lines: list[str] = []
    for line in source.splitlines(keepends=True):
        first = line[:1]
        if first.isalpha() or first == "-" or first == "#":
            if name is not None:
                yield name, "".join(lines)
            name, lines = (line.split("=", 1)[0].strip(), [line]) if first != "#" else (None, [])
        elif name is not None:
            lines.append(line)
    if name is not None:
        yield name, "".join(lines)


@dataclass(frozen=True)
class Translator:
    locale: str
    catalog: Catalog
    # A message without arguments is formatted once: most button labels and titles, on every
    # screen shown (issue #25).
    _plain: dict[str, Markup] = field(default_factory=dict, compare=False, repr=False)

    def __call__(self, msg_id: str, **args: Any) -> Markup:
        """The message as safe HTML; a missing id shows the id rather than failing the reply."""
        if not args:
            plain = self._plain.get(msg_id)
            if plain is None:
                plain = self._plain[msg_id] = self._format(msg_id, args)
            return plain
        return self._format(msg_id, args)

    def _format(self, msg_id: str, args: dict[str, Any]) -> Markup:
        message = self.catalog.message(msg_id)
        if message is None:
            log.error("missing Fluent message %s in %s", Safe(msg_id), Safe(self.locale))
            return Markup(escape(msg_id))
        text, errors = self.catalog.bundle.format_pattern(message.value, _fluent_args(args))
        for error in errors:
            log.error("Fluent message %s in %s: %s", Safe(msg_id), Safe(self.locale), error)
        return Markup(text)


def _read_locale(locale: str) -> Iterable[str]:
    folder = resources.files("texts") / "locales" / locale
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".ftl"):
            yield entry.read_text(encoding="utf-8")


class Translations:
    """All locales; `get` falls back to English for a locale we do not have."""

    def __init__(self) -> None:
        self._by_locale = {locale: Translator(locale, Catalog(locale, _read_locale(locale)))
                           for locale in LOCALES}

    def get(self, locale: str | None) -> Translator:
        return self._by_locale.get(locale or "en", self._by_locale["en"])

    def all(self) -> list[Translator]:
        return list(self._by_locale.values())
