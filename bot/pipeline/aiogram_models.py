"""aiogram's import, with its models' validators built when first used (issue #25).

aiogram declares its ~300 Telegram types with pydantic's `defer_build`, then undoes it at the
end of `aiogram/types/__init__.py`: it calls `model_rebuild()` on every type, so that each
compiles a validator holding the validators of every type it reaches (Message reaches nearly
all of them). Measured on aiogram 3.31 / pydantic 2.13: `import aiogram` takes 2.5 s of CPU and
155 MB of memory, which the bot never uses: it meets a dozen types. Imported through here it
takes 0.55 s and 49 MB; what a bot meets is built on first use, once, and kept on its class.

How: while aiogram is imported, its types' `model_rebuild(_types_namespace=...)` only
remembers the namespace aiogram resolves its forward references with. Afterwards the
`model_rebuild` of its types, methods and answers (`Response[T]`), which pydantic calls on a
deferred model's first use, builds with that namespace. The fix belongs in aiogram (no eager
loop, or a deferred one); the text of the report is in bench/results-issue25.txt.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

_pydantics_rebuild = BaseModel.__dict__["model_rebuild"]
_rebuild_eagerly = _pydantics_rebuild.__func__
_namespace: dict[str, Any] = {}


def _remember(cls: type[BaseModel], *, force: bool = False, raise_errors: bool = True,
              _parent_namespace_depth: int = 2,
              _types_namespace: Mapping[str, Any] | None = None) -> bool | None:
    """BaseModel.model_rebuild while aiogram is imported: aiogram's loop over its types is
    recorded, any other model rebuilt as usual."""
    if (_types_namespace is not None and not force
            and cls.__module__.startswith("aiogram.types.")):
        _namespace.update(_types_namespace)
        return None
    return _rebuild_eagerly(cls, force=force, raise_errors=raise_errors,
                            _parent_namespace_depth=_parent_namespace_depth + 1,
                            _types_namespace=_types_namespace)


def _rebuild(cls: type[BaseModel], *, force: bool = False, raise_errors: bool = True,
             _parent_namespace_depth: int = 2,
             _types_namespace: Mapping[str, Any] | None = None) -> bool | None:
    """An aiogram model's rebuild, on first use: with aiogram's own namespace, not the
    caller's frames (pydantic looks 5 frames up, which is anyone's code)."""
    return _rebuild_eagerly(cls, force=force, raise_errors=raise_errors,
                            _types_namespace={**_namespace, **(_types_namespace or {})})


def import_aiogram() -> bool:
    """Import aiogram with its models deferred; False when it was imported before (then it
    was built eagerly, and nothing changes)."""
    if "aiogram" in sys.modules:
        return False
    BaseModel.model_rebuild = classmethod(_remember)  # type: ignore[method-assign,assignment]
    try:
        import aiogram.types
    finally:
        BaseModel.model_rebuild = _pydantics_rebuild  # type: ignore[method-assign]
    from aiogram.methods.base import Response, TelegramMethod

    for base in (aiogram.types.TelegramObject, TelegramMethod, Response):
        base.model_rebuild = classmethod(_rebuild)  # type: ignore[assignment]
    return True
