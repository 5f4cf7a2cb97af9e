"""What the admin reads about a broadcast under way: sent, failed, left, the rate, a text
progress bar and the time left; then one final report. Pure functions of the broadcast and its
figures, so the worker that edits the progress message every few seconds only calls them."""

from __future__ import annotations

import math
import time

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.broadcast.callbacks import BcControl, ControlAction, View
from bot.broadcast.service import Figures
from bot.kit.i18n import Translator
from storage.broadcasts import Broadcast

BAR_CELLS = 10


def duration(t: Translator, seconds: float) -> str:
    """A span a person reads at a glance: "42 s", "3 min 5 s", "1 h 20 min"."""
    whole = max(0, math.ceil(seconds))
    if whole < 60:
        return str(t("bc-seconds", seconds=whole))
    if whole < 3600:
        return str(t("bc-minutes", minutes=whole // 60, seconds=whole % 60))
    return str(t("bc-hours", hours=whole // 3600, minutes=whole % 3600 // 60))


def percent(figures: Figures) -> int:
    """Recipients dealt with (sent or failed) out of all; rounded down, so 100 means done."""
    if figures.total <= 0:
        return 100
    return min(100, (figures.sent + figures.failed) * 100 // figures.total)


def bar(pct: int) -> str:
    filled = min(BAR_CELLS, pct * BAR_CELLS // 100)
    return "▓" * filled + "░" * (BAR_CELLS - filled)


def finished(broadcast: Broadcast, figures: Figures) -> bool:
    """Over: cancelled, marked done, or running with nobody left to send to."""
    return broadcast.state in ("cancelled", "done") or (
        broadcast.state == "running" and figures.done)


def progress_text(t: Translator, broadcast: Broadcast, figures: Figures,
                  now: float | None = None) -> str:
    now = time.time() if now is None else now
    if finished(broadcast, figures):
        return _final(t, broadcast, figures, now)
    pct = percent(figures)
    head = "bc-progress-paused" if broadcast.state == "paused" else "bc-progress-running"
    eta = figures.eta_seconds(now)
    lines = [
        t(head, id=broadcast.id),
        f"{bar(pct)} {pct}%",
        t("bc-progress-counts", sent=figures.sent, failed=figures.failed, left=figures.waiting),
        t("bc-progress-rate", rate=f"{figures.rate(now):.1f}"),
    ]
    if broadcast.state != "paused":
        lines.append(t("bc-progress-eta", duration=duration(t, eta)) if eta is not None
                     else t("bc-progress-eta-unknown"))
    return "\n".join(str(line) for line in lines)


def _final(t: Translator, broadcast: Broadcast, figures: Figures, now: float) -> str:
    if broadcast.state == "cancelled":
        lines = [t("bc-final-cancelled", id=broadcast.id),
                 t("bc-final-cancelled-counts", sent=figures.sent, total=figures.total,
                   failed=figures.failed, left=figures.cancelled + figures.waiting)]
    else:
        lines = [t("bc-final-done", id=broadcast.id),
                 t("bc-final-counts", sent=figures.sent, total=figures.total,
                   failed=figures.failed)]
    if broadcast.started_at:
        took = (broadcast.finished_at or now) - broadcast.started_at
        lines.append(t("bc-final-took", duration=duration(t, took)))
    if figures.failed:
        lines.append(t("bc-final-failed-note"))
    return "\n".join(str(line) for line in lines)


def control_buttons(t: Translator, broadcast: Broadcast, view: View,
                    ) -> list[InlineKeyboardButton]:
    """Pause or resume, and cancel, for a broadcast that can still change; else none."""
    def press(label: str, act: ControlAction) -> InlineKeyboardButton:
        data = BcControl(id=broadcast.id, act=act, v=view).pack()
        return InlineKeyboardButton(text=label, callback_data=data)

    if broadcast.state == "running":
        first = [press(str(t("btn-bc-pause", id=broadcast.id)), ControlAction.PAUSE)]
    elif broadcast.state == "paused":
        first = [press(str(t("btn-bc-resume", id=broadcast.id)), ControlAction.RESUME)]
    elif broadcast.state == "scheduled":
        first = []
    else:
        return []
    return [*first, press(str(t("btn-bc-stop", id=broadcast.id)), ControlAction.CANCEL)]


def progress_markup(t: Translator, broadcast: Broadcast, figures: Figures,
                    ) -> InlineKeyboardMarkup | None:
    """The progress message's buttons; the worker passes them with every edit (an edit without
    reply_markup removes the keyboard). None once the broadcast is over."""
    if finished(broadcast, figures):
        return None
    row = control_buttons(t, broadcast, View.PROGRESS)
    return InlineKeyboardMarkup(inline_keyboard=[row]) if row else None
