"""What a queued message is for, typed: one frozen dataclass per kind of message, registered
by the feature that owns it together with what to do when the message is done.

    @dataclass(frozen=True)
    class Relayed(Purpose, stream="case", tag="relay"):
        person: tuple[int, ...]          # the person's message ids, to map to their copies

    queue.register(Relayed, on_outcome=desk.relayed)
    await queue.enqueue(CopyMessage(...), Relayed(person=(42,)), ref="7")

`Purposes` is the only reader and writer of the stored form (the outbox row's `meta`:
{"role": tag, **fields}, the form earlier releases wrote, so rows queued before an upgrade are
read back as they were meant). A stream's rows may be stored without one: they read back as the
stream's `plain` purpose.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from typing import Any, ClassVar

from dialogs.loggable import Safe

log = logging.getLogger(__name__)


class Purpose:
    """The base of every purpose. `stream` names whose rows these are (one feature's, e.g.
    "case"; the row's `kind`), `tag` which kind of message among them."""

    stream: ClassVar[str]
    tag: ClassVar[str]

    def __init_subclass__(cls, stream: str = "", tag: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if stream:
            cls.stream = stream
        if tag:
            cls.tag = tag


@dataclasses.dataclass(frozen=True)
class Unknown(Purpose, stream="", tag=""):
    """A row whose purpose nobody registered (its feature is gone): sent, its outcome ignored."""

    stored: str | None = None


class Purposes:
    def __init__(self) -> None:
        self._types: dict[tuple[str, str], type[Purpose]] = {}
        self._plain: dict[str, type[Purpose]] = {}

    def add(self, kind: type[Purpose], *, plain: bool = False) -> None:
        if not dataclasses.is_dataclass(kind) or not kind.stream or not kind.tag:
            raise TypeError(f"{kind.__name__}: a frozen dataclass with a stream and a tag")
        known = self._types.setdefault((kind.stream, kind.tag), kind)
        if known is not kind:
            raise ValueError(f"{kind.stream}/{kind.tag} is {known.__name__} already")
        if plain:
            self._plain[kind.stream] = kind

    def encode(self, purpose: Purpose) -> str | None:
        if (purpose.stream, purpose.tag) not in self._types:
            raise ValueError(f"{type(purpose).__name__} is not registered with the queue")
        fields = dataclasses.asdict(purpose)  # type: ignore[call-overload]
        if not fields and self._plain.get(purpose.stream) is type(purpose):
            return None
        return json.dumps({"role": purpose.tag, **fields}, separators=(",", ":"))

    def decode(self, stream: str, stored: str | None) -> Purpose:
        if not stored:
            plain = self._plain.get(stream)
            return plain() if plain is not None else Unknown(stored)
        values = json.loads(stored)
        kind = self._types.get((stream, str(values.pop("role", ""))))
        if kind is None:
            return Unknown(stored)
        names = {f.name: f for f in dataclasses.fields(kind)}
        try:
            return kind(**{k: tuple(v) if isinstance(v, list) else v
                           for k, v in values.items() if k in names})
        except TypeError:  # a field this release added, missing from an older row
            log.warning("outbound %s: a %s row of an older release", Safe(stream), Safe(kind.tag))
            return Unknown(stored)
