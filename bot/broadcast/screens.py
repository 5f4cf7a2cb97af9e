"""The admin's screens: audience, the ask for each version, the summary after the previews,
the list of recent broadcasts and the cancel question. Text and buttons only, no I/O."""

from __future__ import annotations

import math
from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.broadcast.callbacks import (
    BcAudience,
    BcCompose,
    BcControl,
    ComposeAction,
    ControlAction,
    View,
)
from bot.broadcast.progress import (
    control_buttons,
    duration,
    finished,
    progress_markup,
    progress_text,
)
from bot.broadcast.service import Figures, Reach
from bot.kit.i18n import LOCALES, Translator
from dialogs.broadcast_time import almaty_text, example
from storage.broadcasts import Broadcast

Screen = tuple[str, InlineKeyboardMarkup | None]
LANGUAGE_IDS = {"kk": "bc-lang-kk", "ru": "bc-lang-ru", "en": "bc-lang-en"}
STATE_IDS = {"scheduled": "bc-state-scheduled", "running": "bc-state-running",
             "paused": "bc-state-paused", "done": "bc-state-done",
             "cancelled": "bc-state-cancelled"}


def language(t: Translator, locale: str) -> str:
    return str(t(LANGUAGE_IDS[locale]))


def _button(label: object, data: BcAudience | BcCompose | BcControl) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=str(label), callback_data=data.pack())


def _keyboard(rows: Sequence[Sequence[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[list(r) for r in rows if r])


def _cancel(t: Translator, draft_id: int = 0) -> InlineKeyboardButton:
    return _button(t("btn-bc-cancel"), BcCompose(act=ComposeAction.CANCEL, id=draft_id))


def audience(t: Translator, counts: dict[str, int], intro: str | None = None) -> Screen:
    rows = [[_button(t("bc-audience-all", count=sum(counts.values())), BcAudience(a="all"))]]
    rows.append([_button(t("bc-audience-one", language=language(t, loc),
                           count=counts.get(loc, 0)), BcAudience(a=loc)) for loc in LOCALES])
    rows.append([_cancel(t)])
    text = t("bc-audience")
    return (f"{t(intro)}\n\n{text}" if intro else str(text)), _keyboard(rows)


def ask_version(t: Translator, locale: str, skippable: bool,
                intro: str | None = None, **args: object) -> Screen:
    row = [_button(t("btn-bc-skip"), BcCompose(act=ComposeAction.SKIP))] if skippable else []
    text = t("bc-ask-version", language=language(t, locale))
    return (f"{t(intro, **args)}\n\n{text}" if intro else str(text)), \
        _keyboard([row, [_cancel(t)]])


def summary(t: Translator, broadcast: Broadcast, reach: Reach, send_rate: float,
            problems: dict[str, str]) -> Screen:
    """After the previews: who gets it and how long it takes, or why it cannot be sent."""
    cancel = _cancel(t, broadcast.id)
    over = _button(t("btn-bc-over"), BcCompose(act=ComposeAction.OVER, id=broadcast.id))
    if problems:
        lines = [t("bc-rejected", language=language(t, loc), reason=reason)
                 for loc, reason in problems.items()]
        lines.append(t("bc-rejected-hint"))
        return "\n".join(str(x) for x in lines), _keyboard([[over, cancel]])
    lines = [t("bc-summary-title", id=broadcast.id), "", t("bc-summary-recipients")]
    lines += [t("bc-summary-line", language=language(t, loc), count=n)
              for loc, n in reach.recipients.items()]
    lines += [t("bc-summary-left-out", language=language(t, loc), count=n)
              for loc, n in reach.left_out.items()]
    seconds = max(1, math.ceil(reach.total / send_rate))
    lines += ["", t("bc-summary-total", count=reach.total, duration=duration(t, seconds))]
    send = _button(t("btn-bc-send"), BcCompose(act=ComposeAction.SEND, id=broadcast.id))
    schedule = _button(t("btn-bc-schedule"),
                       BcCompose(act=ComposeAction.SCHEDULE, id=broadcast.id))
    if reach.total == 0:  # nobody to send to now; later, there may be
        lines.append(t("bc-summary-nobody"))
        return "\n".join(str(x) for x in lines), _keyboard([[schedule], [cancel]])
    return "\n".join(str(x) for x in lines), _keyboard([[send, schedule], [cancel]])


def ask_when(t: Translator, draft_id: int, now: float, intro: str | None = None) -> Screen:
    text = t("bc-ask-when", example=example(now))  # a date ahead of `now`, never a past one
    return (f"{t(intro)}\n\n{text}" if intro else str(text)), _keyboard([[_cancel(t, draft_id)]])


def _audience_name(t: Translator, broadcast: Broadcast) -> str:
    if broadcast.audience == "all":
        return str(t("bc-audience-all-short"))
    return language(t, broadcast.audience)


def _item(t: Translator, broadcast: Broadcast, figures: Figures) -> str:
    state = t(STATE_IDS.get(broadcast.state, "bc-state-running"))
    if broadcast.state == "running" and finished(broadcast, figures):
        state = t("bc-state-done")
    head = t("bc-list-item", id=broadcast.id, state=state,
             audience=_audience_name(t, broadcast))
    if broadcast.state == "scheduled" and broadcast.not_before:
        return f"{head}\n{t('bc-list-when', time=almaty_text(broadcast.not_before))}"
    counts = t("bc-list-figures", sent=figures.sent, total=figures.total, failed=figures.failed)
    return f"{head}\n{counts}"


def listing(t: Translator, items: Sequence[tuple[Broadcast, Figures]]) -> Screen:
    if not items:
        return str(t("bc-list-empty")), None
    parts = [str(t("bc-list-title"))] + [_item(t, b, f) for b, f in items]
    rows = [control_buttons(t, b, View.LIST) for b, f in items if not finished(b, f)]
    rows.append([_button(t("btn-bc-refresh"),
                         BcControl(id=0, act=ControlAction.REFRESH, v=View.LIST))])
    return "\n\n".join(parts), _keyboard(rows)


def cancel_question(t: Translator, broadcast: Broadcast, view: View) -> Screen:
    yes = BcControl(id=broadcast.id, act=ControlAction.CANCEL_YES, v=view)
    keep = BcControl(id=broadcast.id, act=ControlAction.KEEP, v=view)
    buttons = [_button(t("btn-bc-cancel-yes"), yes), _button(t("btn-bc-keep"), keep)]
    return str(t("bc-cancel-question", id=broadcast.id)), _keyboard([buttons])


def progress(t: Translator, broadcast: Broadcast, figures: Figures) -> Screen:
    return progress_text(t, broadcast, figures), progress_markup(t, broadcast, figures)
