"""/broadcasts: the recent broadcasts with their figures; pause, resume and cancel (asked
first), from that list or from a broadcast's progress message. Admins only (the tree's admin
branch); anyone else's press of these buttons reaches the fallback."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.broadcast import screens
from bot.broadcast.callbacks import BcControl, ControlAction, View
from bot.broadcast.service import Broadcasts, figures
from bot.kit.i18n import Translator
from bot.kit.show import Event, show
from storage.broadcasts import Broadcast

SHOWN = 10
DONE_NOTES = {ControlAction.PAUSE: "bc-note-paused", ControlAction.RESUME: "bc-note-resumed",
              ControlAction.CANCEL_YES: "bc-note-cancelled"}


def _worth_listing(broadcast: Broadcast) -> bool:
    """A draft cancelled before it was sent or scheduled is no news."""
    return not (broadcast.state == "cancelled" and broadcast.started_at is None
                and broadcast.not_before is None)


async def show_list(event: Event, t: Translator, broadcasts: Broadcasts) -> None:
    recent = [b for b in await broadcasts.repo.recent(SHOWN * 2) if _worth_listing(b)][:SHOWN]
    items = [(b, await figures(broadcasts, b)) for b in recent]
    text, markup = screens.listing(t, items)
    await show(event, text, markup)


async def on_list(message: Message, t: Translator, broadcasts: Broadcasts) -> None:
    await show_list(message, t, broadcasts)


async def on_refresh(query: CallbackQuery, t: Translator, broadcasts: Broadcasts) -> None:
    await show_list(query, t, broadcasts)


async def on_control(query: CallbackQuery, callback_data: BcControl, t: Translator,
                     broadcasts: Broadcasts, callback_answer: CallbackAnswer) -> None:
    broadcast = await broadcasts.repo.get(callback_data.id)
    if broadcast is None:
        callback_answer.text = str(t("bc-not-found"))
        return
    act = callback_data.act
    if act == ControlAction.CANCEL and broadcast.state in ("scheduled", "running", "paused"):
        await show(query, *screens.cancel_question(t, broadcast, callback_data.v))
        return
    before = broadcast.state
    if act == ControlAction.PAUSE:
        await broadcasts.pause(broadcast)
    elif act == ControlAction.RESUME:
        await broadcasts.resume(broadcast)
    elif act == ControlAction.CANCEL_YES:
        await broadcasts.cancel(broadcast)
    now = await broadcasts.repo.get(broadcast.id) or broadcast
    if act in DONE_NOTES:  # say what happened, or that nothing could (it ended meanwhile)
        callback_answer.text = str(t(DONE_NOTES[act] if now.state != before
                                     else "bc-note-unchanged"))
    if callback_data.v == View.PROGRESS:
        await show(query, *screens.progress(t, now, await figures(broadcasts, now)))
    else:
        await show_list(query, t, broadcasts)


def make_router() -> Router:
    router = Router(name="broadcast-controls")
    router.message.register(on_list, Command("broadcasts"))
    router.callback_query.register(on_refresh, BcControl.filter(F.act == ControlAction.REFRESH))
    router.callback_query.register(on_control, BcControl.filter())
    return router
