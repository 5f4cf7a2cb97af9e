"""The composer's and the controls' buttons. Prefixes start with "bc" so they never collide
with a person's buttons; only admins' updates reach the routers that unpack them, so a forged
press from anyone else falls through to the fallback ("this button is no longer valid")."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class BcAudience(CallbackData, prefix="bca"):
    a: str  # "all" or a locale


class ComposeAction(StrEnum):
    SKIP = "k"  # no version in the language asked for
    CANCEL = "x"
    OVER = "o"  # start over from the audience
    SEND = "s"  # from the summary: start now
    SCHEDULE = "t"  # from the summary: ask for a time


class BcCompose(CallbackData, prefix="bcc"):
    act: ComposeAction
    id: int = 0  # the draft on the summary; 0 before there is one


class ControlAction(StrEnum):
    PAUSE = "p"
    RESUME = "r"
    CANCEL = "c"  # asks first
    CANCEL_YES = "y"
    KEEP = "k"  # "no, keep it": back to the view it came from
    REFRESH = "f"


class View(StrEnum):
    LIST = "l"  # /broadcasts
    PROGRESS = "p"  # the progress message of one broadcast


class BcControl(CallbackData, prefix="bcx"):
    id: int
    act: ControlAction
    v: View = View.LIST
