"""/broadcast: the audience, one version per language, the previews and the summary, then
send now or schedule. Only admins reach this router (filtered at the tree's admin branch).

The draft lives in FSM data under "bc" until the previews: the versions, as the Bot API
methods that send them. Then it becomes a broadcast in the 'draft' state and the FSM keeps its
id only. The key is removed at the end; other dialog data the admin had is left alone.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, replace
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.broadcast import screens
from bot.broadcast.callbacks import BcAudience, BcCompose, ComposeAction
from bot.broadcast.progress import progress_text
from bot.broadcast.service import AUDIENCES, Broadcasts, Figures, figures, version_from
from bot.broadcast.states import Broadcast
from bot.kit.context import bundle
from bot.kit.i18n import LOCALES, Translator
from bot.kit.show import Event, show
from bot.kit.text import utf16_len
from bot.pipeline.outbound import deserialize, serialize
from bot.settings import Settings
from dialogs.broadcast_time import WhenProblem, almaty_text, parse_when
from storage.broadcasts import Broadcast as Stored

KEY = "bc"
WHEN_PROBLEMS = {WhenProblem.FORMAT: "bc-when-format", WhenProblem.PAST: "bc-when-past",
                 WhenProblem.FAR: "bc-when-far"}


@dataclass(frozen=True)
class Composing:
    """What one step of the composer needs (bot.kit.context.bundle): the admin's dialog and
    texts, the bot, the broadcasts, the settings (the send rate)."""

    state: FSMContext
    t: Translator
    bot: Bot
    broadcasts: Broadcasts
    settings: Settings

    @classmethod
    def of(cls, data: dict[str, Any]) -> Composing:
        return cls(data["state"], data["t"], data["bot"], data["broadcasts"], data["settings"])


async def _draft(state: FSMContext) -> dict[str, Any]:
    return dict((await state.get_data()).get(KEY) or {})


async def _keep(state: FSMContext, draft: dict[str, Any]) -> None:
    await state.update_data({KEY: draft})


async def _finish(state: FSMContext) -> None:
    data = await state.get_data()
    data.pop(KEY, None)
    await state.set_data(data)
    await state.set_state(None)


def _chat(event: Event) -> int:
    return event.from_user.id if event.from_user else 0


# -- the audience ------------------------------------------------------------------------------
async def on_broadcast(event: Event, state: FSMContext, t: Translator, broadcasts: Broadcasts,
                       intro: str | None = None) -> None:
    await state.set_state(Broadcast.audience)
    await _keep(state, {})
    counts = await broadcasts.subscriptions.counts()
    await show(event, *screens.audience(t, counts, intro))


async def on_audience(query: CallbackQuery, callback_data: BcAudience, state: FSMContext,
                      t: Translator) -> None:
    if callback_data.a not in AUDIENCES:
        return
    todo = list(LOCALES) if callback_data.a == "all" else [callback_data.a]
    await _ask(query, state, t, {"aud": callback_data.a, "todo": todo, "v": {}})


# -- one version per language --------------------------------------------------------------------
async def _ask(event: Event, state: FSMContext, t: Translator, draft: dict[str, Any],
               intro: str | None = None, **args: object) -> None:
    await state.set_state(Broadcast.version)
    await _keep(state, draft)
    await show(event, *screens.ask_version(t, draft["todo"][0], draft["aud"] == "all", intro,
                                           **args))


async def on_version(message: Message, composing: Composing) -> None:
    state, t, bot = composing.state, composing.t, composing.bot
    broadcasts, settings = composing.broadcasts, composing.settings
    draft = await _draft(state)
    if not draft.get("todo"):  # the draft was lost: begin again rather than guess
        await on_broadcast(message, state, t, broadcasts)
        return
    # a command is not news, and an album would be taken for one version per language
    unfit = (message.text or "").startswith("/") or message.media_group_id is not None
    method = None if unfit else version_from(message)
    if method is None:
        await _ask(message, state, t, draft, intro="bc-ask-again")
        return
    # Every copy starts with a neutral first line: the admin's words get what is left of
    # Telegram's limit (Premium admins may write longer captions than a bot may send).
    caption = message.text is None
    room = broadcasts.room(draft["todo"][0], caption)
    if utf16_len(message.text or message.caption or "") > room:
        await _ask(message, state, t, draft, "bc-caption-long" if caption else "bc-text-long",
                   limit=room)
        return
    draft["v"][draft["todo"].pop(0)] = list(serialize(method))
    await _next(message, state, t, bot, broadcasts, settings, draft)


async def on_skip(query: CallbackQuery, composing: Composing) -> None:
    state, t, bot = composing.state, composing.t, composing.bot
    broadcasts, settings = composing.broadcasts, composing.settings
    draft = await _draft(state)
    if draft.get("aud") != "all" or not draft.get("todo"):
        return
    draft["todo"].pop(0)
    await _next(query, state, t, bot, broadcasts, settings, draft)


async def _next(event: Event, state: FSMContext, t: Translator, bot: Bot,
                broadcasts: Broadcasts, settings: Settings, draft: dict[str, Any]) -> None:
    if draft["todo"]:
        await _ask(event, state, t, draft)
    elif not draft["v"]:  # every language skipped: at least one version is needed
        await _ask(event, state, t, {**draft, "todo": list(LOCALES)}, intro="bc-need-one")
    else:
        await _preview(event, state, t, bot, broadcasts, settings, draft)


# -- preview and summary ---------------------------------------------------------------------------
async def _preview(event: Event, state: FSMContext, t: Translator, bot: Bot,
                   broadcasts: Broadcasts, settings: Settings, draft: dict[str, Any]) -> None:
    """The admin gets each version exactly as subscribers will; the summary comes below them.
    A version Telegram rejects is caught here, and then there is no way to confirm."""
    admin = _chat(event)
    versions = {loc: deserialize(*v) for loc, v in draft["v"].items()}
    broadcast = await _get(broadcasts, await broadcasts.create(admin, draft["aud"], versions))
    assert broadcast is not None
    problems = await broadcasts.preview(broadcast, admin)
    reach = await broadcasts.reach(broadcast)
    await state.set_state(Broadcast.confirm)
    await _keep(state, {"id": broadcast.id, "bad": bool(problems)})
    text, markup = screens.summary(t, broadcast, reach, settings.send_rate, problems)
    await bot.send_message(admin, text, reply_markup=markup)


async def _get(broadcasts: Broadcasts, broadcast_id: int) -> Stored | None:
    return await broadcasts.repo.get(broadcast_id)


async def _confirmable(state: FSMContext, broadcasts: Broadcasts, draft_id: int,
                       ) -> Stored | None:
    """The draft on this admin's summary, if it may still be sent: not an older summary, not
    one with a rejected version, not sent already (a repeated press)."""
    draft = await _draft(state)
    if draft.get("id") != draft_id or draft.get("bad"):
        return None
    broadcast = await _get(broadcasts, draft_id)
    return broadcast if broadcast is not None and broadcast.state == "draft" else None


async def on_send(query: CallbackQuery, callback_data: BcCompose, composing: Composing,
                  callback_answer: CallbackAnswer) -> None:
    state, t, bot, broadcasts = composing.state, composing.t, composing.bot, composing.broadcasts
    broadcast = await _confirmable(state, broadcasts, callback_data.id)
    if broadcast is None:
        callback_answer.text = str(t("bc-not-draft"))
        return
    # The progress message is in place (and its id committed) before the broadcast runs, so
    # the worker that keeps it current edits this one rather than sending its own.
    reach = await broadcasts.reach(broadcast)
    now = time.time()
    expected = replace(broadcast, state="running", total=reach.total, started_at=int(now))
    text = progress_text(t, expected, Figures(reach.total, 0, 0, reach.total, 0, now))
    sent = await bot.send_message(_chat(query), text)
    await broadcasts.repo.set_progress_message(broadcast.id, sent.chat.id, sent.message_id)
    await _get(broadcasts, broadcast.id)  # commits the above first
    await broadcasts.start(broadcast)
    await _finish(state)
    if isinstance(query.message, Message):  # the summary stays as the record, without buttons
        with contextlib.suppress(TelegramBadRequest):
            await query.message.edit_reply_markup(reply_markup=None)
    started = await _get(broadcasts, broadcast.id)
    if started is not None:  # the true figures, and the buttons to pause or cancel
        text, markup = screens.progress(t, started, await figures(broadcasts, started))
        with contextlib.suppress(TelegramBadRequest):
            await sent.edit_text(text, reply_markup=markup)


# -- scheduling ------------------------------------------------------------------------------------
async def on_schedule(query: CallbackQuery, callback_data: BcCompose, composing: Composing,
                      callback_answer: CallbackAnswer) -> None:
    state, t, bot, broadcasts = composing.state, composing.t, composing.bot, composing.broadcasts
    if await _confirmable(state, broadcasts, callback_data.id) is None:
        callback_answer.text = str(t("bc-not-draft"))
        return
    await state.set_state(Broadcast.when)
    text, markup = screens.ask_when(t, callback_data.id, time.time())
    await bot.send_message(_chat(query), text, reply_markup=markup)


async def on_when(message: Message, state: FSMContext, t: Translator,
                  broadcasts: Broadcasts) -> None:
    draft = await _draft(state)
    broadcast = await _confirmable(state, broadcasts, int(draft.get("id") or 0))
    if broadcast is None:
        await _finish(state)
        await message.answer(str(t("bc-not-draft")))
        return
    at = parse_when(message.text or "", time.time())
    if isinstance(at, WhenProblem):
        text, markup = screens.ask_when(t, broadcast.id, time.time(),
                                        intro=WHEN_PROBLEMS[at])
        await message.answer(text, reply_markup=markup)
        return
    await broadcasts.schedule(broadcast, at)
    await _finish(state)
    await message.answer(str(t("bc-scheduled", id=broadcast.id, time=almaty_text(at))))


# -- leaving ---------------------------------------------------------------------------------------
async def _drop_draft(state: FSMContext, broadcasts: Broadcasts) -> None:
    """A draft that was previewed is cancelled, so no old summary can start it later."""
    draft = await _draft(state)
    broadcast = await _get(broadcasts, int(draft["id"])) if draft.get("id") else None
    if broadcast is not None and broadcast.state == "draft":
        await broadcasts.cancel(broadcast)


async def on_cancel(query: CallbackQuery, state: FSMContext, t: Translator,
                    broadcasts: Broadcasts) -> None:
    await _drop_draft(state, broadcasts)
    await _finish(state)
    await show(query, str(t("bc-cancelled-draft")))


async def on_over(query: CallbackQuery, state: FSMContext, t: Translator,
                  broadcasts: Broadcasts) -> None:
    await _drop_draft(state, broadcasts)
    await on_broadcast(query, state, t, broadcasts)


async def on_other_message(message: Message, t: Translator) -> None:
    """A message where a button is expected: say which, calmly."""
    await message.answer(str(t("bc-use-buttons")))


async def on_stale(query: CallbackQuery, t: Translator, callback_answer: CallbackAnswer) -> None:
    """A composer button from a step that is over."""
    callback_answer.text = str(t("bc-not-draft"))


def make_router() -> Router:
    router = Router(name="broadcast-composer")
    router.message.register(on_broadcast, Command("broadcast"))
    steps = StateFilter(Broadcast.audience, Broadcast.version, Broadcast.confirm, Broadcast.when)
    router.callback_query.register(on_cancel, BcCompose.filter(F.act == ComposeAction.CANCEL),
                                   steps)
    router.callback_query.register(on_over, BcCompose.filter(F.act == ComposeAction.OVER), steps)
    router.callback_query.register(on_audience, BcAudience.filter(),
                                   StateFilter(Broadcast.audience))
    router.callback_query.register(on_skip, BcCompose.filter(F.act == ComposeAction.SKIP),
                                   StateFilter(Broadcast.version))
    router.callback_query.register(on_send, BcCompose.filter(F.act == ComposeAction.SEND),
                                   StateFilter(Broadcast.confirm, Broadcast.when))
    router.callback_query.register(on_schedule,
                                   BcCompose.filter(F.act == ComposeAction.SCHEDULE),
                                   StateFilter(Broadcast.confirm, Broadcast.when))
    router.callback_query.register(on_stale, BcCompose.filter())
    router.callback_query.register(on_stale, BcAudience.filter())
    router.message.register(on_version, StateFilter(Broadcast.version))
    router.message.register(on_when, StateFilter(Broadcast.when))
    router.message.register(on_other_message,
                            StateFilter(Broadcast.audience, Broadcast.confirm))
    return bundle(router, "composing", Composing.of)
