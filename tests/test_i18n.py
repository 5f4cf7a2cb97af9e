"""Fluent texts: every id in every locale, every message formats with what the code passes,
no id that no code uses, and values render the way a phone should show them."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest
from babel import Locale
from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.types import fluent_number
from fluent.syntax import ast as fast
from fluent.syntax import parse
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.kit.i18n import (
    LOCALES,
    Catalog,
    Translations,
    Translator,
    WholeNumber,
    entries,
    locale_for_client,
)
from dialogs.handoff import PLACES

ROOT = Path(__file__).resolve().parent.parent
CODE_DIRS = ("bot", "dialogs")
TEMPLATES = ROOT / "texts" / "templates"


@functools.cache
def fluent_ids(locale: str) -> frozenset[str]:
    found: set[str] = set()
    for path in (ROOT / "texts" / "locales" / locale).glob("*.ftl"):
        resource = parse(path.read_text(encoding="utf-8"))
        junk = [e for e in resource.body if isinstance(e, fast.Junk)]
        assert not junk, f"{path}: unparsable: {junk[0].content[:60]!r}"
        found |= {e.id.name for e in resource.body if isinstance(e, fast.Message)}
    return frozenset(found)


def _python_calls() -> tuple[set[str], list[tuple[str, frozenset[str], str]]]:
    """String constants in the code, and every t("id", name=...) call with its argument names."""
    constants: set[str] = set()
    calls = []
    for folder in CODE_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    constants.add(node.value)
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id == "t" and node.args
                        and isinstance(node.args[0], ast.Constant)):
                    names = frozenset(k.arg for k in node.keywords if k.arg)
                    calls.append((node.args[0].value, names, f"{path.name}:{node.lineno}"))
    return constants, calls


_TEMPLATE_CALL = re.compile(
    r"""\bt\(\s*"([a-z0-9-]+)"((?:\s*,\s*[a-z_]+=[^,)]+(?:\([^)]*\))?)*)\s*\)"""
)


def _template_calls() -> list[tuple[str, frozenset[str], str]]:
    calls = []
    for path in TEMPLATES.glob("*.j2"):
        for match in _TEMPLATE_CALL.finditer(path.read_text(encoding="utf-8")):
            names = frozenset(re.findall(r"([a-z_]+)=", match.group(2)))
            calls.append((match.group(1), names, path.name))
    return calls


CONSTANTS, PY_CALLS = _python_calls()
ALL_CALLS = PY_CALLS + _template_calls()


@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_has_every_id(locale: str) -> None:
    every = set().union(*(fluent_ids(loc) for loc in LOCALES))
    assert sorted(every - fluent_ids(locale)) == []


def test_every_used_id_exists() -> None:
    missing = sorted({(i, where) for i, _, where in ALL_CALLS if i not in fluent_ids("en")})
    assert missing == []


def test_no_id_is_unused() -> None:
    regions = {f"region-{place}" for place in PLACES}  # looked up as f"region-{id}"
    used = {i for i, _, _ in ALL_CALLS} | (CONSTANTS & fluent_ids("en")) | regions
    assert sorted(fluent_ids("en") - used) == []


SAMPLE_VALUES = {"number": 12, "total": 16, "threshold": 5, "points": 3, "count": 2,
                 "case": 42, "phone": "+77011234567", "name": "<Aigerim & co>", "link": "https://t.me/c/1/2",
                 "kind": "<Physical & co>", "answer": "y", "language": "ru",
                 "id": 7, "reason": "Bad Request: can't parse entities", "duration": "5 s",
                 "time": "2026-03-08 10:00", "state": "sending", "audience": "all", "sent": 40,
                 "failed": 1, "left": 59, "rate": "27.5", "seconds": 5, "minutes": 2, "hours": 1,
                 "when": "tomorrow at 09:00", "day": 8, "month": "January",
                 "example": "2026-03-08 10:00", "text": "<the act & its words>",
                 "sound": "silently", "taken": "taken by <A & co>", "days": 3, "keep": 90,
                 "part": "evening", "fingerprint": "3fa2c9e1", "step": 2, "page": 1, "pages": 3,
                 "limit": 1500, "value": "<at home & co>", "size": 20, "used": "1.5", "index": 1,
                 "low": 4, "high": 8, "what": "13.03.2026 · <at home>", "files": 2,
                 "title": "Statement", "region": "Almaty", "orgs": "north (<North & co>)",
                 "org": "<North & co>", "note": "<called her & co>", "languages": "kk, ru",
                 "week": 2, "older": 1, "median": "1:05", "p90": "3:20",
                 "regions": "Astana 2", "weeks": "2026-11-30 3", "defenders": "Dana 2",
                 "contacts": "+7 727 000 00 00 <co>"}


@pytest.mark.parametrize("locale", LOCALES)
def test_messages_format_with_the_arguments_the_code_passes(locale: str, caplog) -> None:
    t = Translations().get(locale)
    for msg_id, names, where in ALL_CALLS:
        caplog.clear()
        text = t(msg_id, **{n: SAMPLE_VALUES[n] for n in names})
        assert not caplog.records, f"{msg_id} ({where}) in {locale}: {caplog.records[0].message}"
        assert text.strip(), f"{msg_id} is empty in {locale}"


def test_values_are_escaped_and_numbers_not_grouped() -> None:
    t = Translations().get("en")
    assert "&lt;Physical &amp; co&gt;" in t("btn-guide-for", kind="<Physical & co>")
    text = t("btn-assess-resume", number=1234, total=20000)
    assert "1234" in text and "20000" in text
    for translator in Translations().all():
        for msg_id, names, _ in ALL_CALLS:
            out = translator(msg_id, **{n: SAMPLE_VALUES[n] for n in names})
            assert "\u2068" not in out and "\u2069" not in out


def test_client_language_picks_kk_and_ru_only() -> None:
    assert locale_for_client("kk") == "kk"
    assert locale_for_client("ru-RU") == "ru"
    assert locale_for_client("en") is None
    assert locale_for_client(None) is None


@pytest.mark.parametrize("locale", LOCALES)
def test_each_entry_cut_from_its_file_parses_as_in_the_whole_file(locale: str) -> None:
    """Messages are parsed on first use from the entry cut out of their file (bot.kit.i18n):
    every message and term must read exactly as the whole file reads it (comments aside)."""
    for path in (ROOT / "texts" / "locales" / locale).glob("*.ftl"):
        source = path.read_text(encoding="utf-8")
        whole = {("-" if isinstance(e, fast.Term) else "") + e.id.name: e
                 for e in parse(source).body if isinstance(e, fast.Message | fast.Term)}
        cut = dict(entries(source))
        assert cut.keys() == whole.keys(), path
        for name, text in cut.items():
            [entry] = parse(text).body
            assert entry.equals(whole[name], ignored_fields=["span", "comment"]), (path, name)


def test_a_message_parsed_on_first_use_brings_the_messages_it_refers_to() -> None:
    catalog = Catalog("en", ["-brand = Qorgau\nabout = { -brand }: { menu }\n# a comment\n"
                             "menu = The { $what ->\n    [one] menu\n   *[other] menus\n}\n"])
    t = Translator("en", catalog)
    assert t("about", what=2) == "Qorgau: The menus"
    assert not catalog.has("nothing") and t("nothing") == "nothing"


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=-(2**53), max_value=2**53))
def test_a_whole_number_reads_as_babel_writes_it_and_selects_its_plural(number: int) -> None:
    for locale in LOCALES:
        babel_locale = Locale.parse(locale)
        assert WholeNumber(number).format(babel_locale) == \
            fluent_number(number, useGrouping=False).format(babel_locale)
        bundle = FluentBundle([locale], use_isolating=False)
        bundle.add_resource(FluentResource(
            "m = { $n ->\n [one] one\n *[other] other\n } { $n ->\n [0] zero\n *[x] x\n }\n"))
        message = bundle.get_message("m").value
        assert bundle.format_pattern(message, {"n": WholeNumber(number)}) == \
            bundle.format_pattern(message, {"n": fluent_number(number, useGrouping=False)})
