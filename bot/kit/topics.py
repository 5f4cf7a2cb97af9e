"""A case's topic in the defenders' group, as a feature other than the handoff reaches it (the
journal, sharing entries by the person's choice). bot.handoff's `CaseDesk` is one."""

from __future__ import annotations

from typing import Any, Protocol

from aiogram.methods import TelegramMethod

from bot.kit.i18n import Translator


class OpenCase(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def blocked(self) -> bool: ...


class CaseTopics(Protocol):
    t_defenders: Translator  # the defenders' language

    def chat(self) -> int | None:
        """The defenders' group, None while there is none."""

    async def open_case_of(self, user_id: int) -> Any: ...

    async def into_topic(self, case: Any, method: TelegramMethod[Any]) -> None:
        """Queue `method` (its chat the group) for the case's topic, made first if need be."""
