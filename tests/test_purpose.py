"""The outbound queue's typed purposes (bot/pipeline/purpose.py): each kind of queued message is
a dataclass registered by its feature; one codec reads and writes the stored form."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.broadcast.service import Copy
from bot.handoff.purposes import Relayed, Reply, Summary
from bot.pipeline.purpose import Purpose, Purposes, Unknown

ROOT = Path(__file__).resolve().parents[1]


def registry() -> Purposes:
    purposes = Purposes()
    for kind in (Relayed, Reply, Summary):
        purposes.add(kind)
    purposes.add(Copy, plain=True)
    return purposes


def test_a_purpose_reads_back_as_it_was_queued() -> None:
    purposes = registry()
    for purpose in (Relayed(person=(3, 5), album="g1"), Relayed(), Reply(topic=9, last=False),
                    Summary()):
        assert purposes.decode(purpose.stream, purposes.encode(purpose)) == purpose


def test_rows_of_earlier_releases_read_back_typed() -> None:
    purposes = registry()
    assert purposes.decode("case", '{"role":"relay","person":[7,8],"album":"a"}') == \
        Relayed(person=(7, 8), album="a")
    assert purposes.decode("case", '{"role":"reply","topic":4,"last":true}') == Reply(topic=4)
    assert purposes.decode("broadcast", None) == Copy()  # a broadcast's rows carry none
    assert purposes.encode(Copy()) is None


def test_what_nobody_registered_is_unknown_not_an_error() -> None:
    purposes = registry()
    assert isinstance(purposes.decode("case", '{"role":"gone"}'), Unknown)
    assert isinstance(purposes.decode("elsewhere", None), Unknown)


def test_registration_mistakes_are_refused() -> None:
    purposes = registry()

    @dataclass(frozen=True)
    class Twin(Purpose, stream="case", tag="relay"):
        pass

    @dataclass(frozen=True)
    class Stray(Purpose, stream="case", tag="stray"):
        pass

    with pytest.raises(ValueError, match="Relayed already"):
        purposes.add(Twin)
    with pytest.raises(ValueError, match="not registered"):
        purposes.encode(Stray())


def test_no_feature_reads_the_stored_form() -> None:
    """Only the queue and its codec name the stored form's "role" key or read a row's meta."""
    offenders = []
    for path in (ROOT / "bot").rglob("*.py"):
        if path.relative_to(ROOT).as_posix() in ("bot/pipeline/purpose.py",
                                                 "bot/pipeline/outbound.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Constant) and node.value == "role") or \
                    (isinstance(node, ast.Attribute) and node.attr == "meta"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
