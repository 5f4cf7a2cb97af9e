"""The questionnaire under way, read from the FSM once per update by the context middleware.

Saving writes through and keeps this copy current, so a screen shown after a save (the menu's
"continue" button, "where we are") needs no second read.
"""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext

from bot.assessment.states import Assessment
from dialogs import red_flags
from dialogs.questionnaire import Progress, under_way


class Journey:
    def __init__(self, state: FSMContext, raw_state: str | None, data: dict[str, Any] | None,
                 progress: Progress | None) -> None:
        self._state = state
        self._raw_state = raw_state
        self._data = data  # the FSM data when it was read this update, else None
        self.progress = progress

    @classmethod
    async def load(cls, state: FSMContext, raw_state: str | None, edition_id: str) -> Journey:
        """Reads the data only while a question is on screen; a progress kept for another
        edition of the criteria counts as none (its questions may differ)."""
        if raw_state != Assessment.answering.state:
            return cls(state, raw_state, None, None)
        data = await state.get_data()
        return cls(state, raw_state, data, under_way(raw_state, data, edition_id))

    @property
    def in_dialog(self) -> bool:
        return self._raw_state is not None

    async def save(self, progress: Progress, *, finished: bool = False) -> None:
        state = Assessment.finished if finished else Assessment.answering
        kept = (progress.concluded() if finished else progress).to_data()
        await self._state.set_state(state)
        if self._data is None:
            await self._state.update_data(assessment=kept)
        else:  # merge into what was read already: no second read
            self._data = {**self._data, "assessment": kept}
            await self._state.set_data(self._data)
        self._raw_state = state.state
        self.progress = None if finished else progress

    async def clear(self) -> None:
        """End the dialog under way; a red-flag mark outlives it (only /forget erases it)."""
        kept = red_flags.mark_only(await self._state.get_data())
        await self._state.clear()
        if kept:
            await self._state.set_data(kept)
        self._raw_state, self._data, self.progress = None, kept, None
