"""Safe contact's pure rules and the request middleware that keeps sends discreet."""

from __future__ import annotations

import asyncio
import calendar
from typing import Any

from aiogram.methods import CopyMessage, EditMessageText, SendMessage

from bot.pipeline.middlewares.discretion import Discretion
from dialogs.contact import wait_for_window

GROUP = -1001234567890


def almaty(day_time: str) -> float:
    """An epoch moment for 2026-12-07 `day_time` in Kazakhstan (UTC+5)."""
    hours, minutes = (int(x) for x in day_time.split(":"))
    return calendar.timegm((2026, 12, 7, hours, minutes, 0)) - 5 * 3600


def test_a_message_waits_for_the_safe_hours() -> None:
    evening = (17 * 60, 21 * 60)
    assert wait_for_window(almaty("18:00"), evening) == 0
    assert wait_for_window(almaty("16:30"), evening) == 30 * 60
    assert wait_for_window(almaty("21:00"), evening) == 20 * 3600  # tomorrow at 17:00
    assert wait_for_window(almaty("03:00"), None) == 0
    night = (22 * 60, 2 * 60)  # past midnight
    assert wait_for_window(almaty("23:30"), night) == 0
    assert wait_for_window(almaty("01:59"), night) == 0
    assert wait_for_window(almaty("02:00"), night) == 20 * 3600


def sent_through(method: Any) -> Any:
    seen: list[Any] = []

    async def make_request(bot: Any, m: Any) -> Any:
        seen.append(m)
        return True

    asyncio.run(Discretion({GROUP})(make_request, None, method))  # type: ignore[arg-type]
    return seen[0]


def test_people_get_silence_and_the_group_protection_unless_said_otherwise() -> None:
    assert sent_through(SendMessage(chat_id=5, text="x")).disable_notification is True
    assert sent_through(SendMessage(chat_id=5, text="x", disable_notification=False)
                        ).disable_notification is False  # the person chose sound
    assert sent_through(CopyMessage(chat_id=5, from_chat_id=GROUP, message_id=1)
                        ).disable_notification is True
    to_group = sent_through(SendMessage(chat_id=GROUP, text="x"))
    assert to_group.protect_content is True and to_group.disable_notification is not True
    edit = sent_through(EditMessageText(chat_id=5, message_id=1, text="x"))
    assert not hasattr(edit, "disable_notification")  # an edit never rings anyway
