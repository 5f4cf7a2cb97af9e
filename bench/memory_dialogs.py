"""The bot exactly as `python -m bot run` starts it, but with its dialogs in aiogram's
MemoryStorage (in this process, lost on restart): the baseline for the dialog storages in
bench/bench_webhook.py --dialogs memory. Nothing under bot/ is changed; build_state's result is.

    PYTHONPATH=. python bench/memory_dialogs.py run
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiogram.fsm.storage.memory import MemoryStorage  # noqa: E402

import bot.app  # noqa: E402
from bot.cli import main  # noqa: E402
from bot.pipeline.shared_state import State, build_state  # noqa: E402


class MemoryDialogs(MemoryStorage):
    """MemoryStorage with the three calls the bot makes beyond aiogram's (storage/fsm.py)."""

    async def forget(self, user_id: int) -> None:
        for key in [k for k in self.storage if user_id in (k.chat_id, k.user_id)]:
            del self.storage[key]

    async def purge_untouched(self, days: int) -> int:
        return 0  # nothing outlives the process

    async def private_dialog(self, user_id: int) -> tuple[str | None, dict[str, Any]] | None:
        for key, record in self.storage.items():
            if key.chat_id == key.user_id == user_id and (record.state or record.data):
                return record.state, dict(record.data)
        return None


async def build_state_in_memory(*args: Any, **kwargs: Any) -> State:
    state = await build_state(*args, **kwargs)
    state.dialogs = MemoryDialogs()
    return state


bot.app.build_state = build_state_in_memory  # type: ignore[assignment]

if __name__ == "__main__":
    raise SystemExit(main())
