"""Broadcasts as the routers and workers see them: versions taken from the admin's message,
the audience, a preview exactly as subscribers get it, start (one outbox row per recipient, in
one transaction), pause, resume, cancel, figures, and subscribers who blocked the bot.

Every copy goes out silently unless the subscriber chose otherwise, under a neutral first line
(what a lock screen shows), carries the 🚪 quick exit button, and is logged for quick exit
like every other message in a private chat.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import SendDocument, SendMessage, SendPhoto, TelegramMethod
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageEntity

from bot.kit.callbacks import QuickExit
from bot.kit.i18n import LOCALES, Translations
from bot.kit.text import CAPTION_LIMIT, TEXT_LIMIT, utf16_len
from bot.pipeline.outbound import BLOCKED, CHAT_NOT_FOUND, OutboundQueue, deserialize, serialize
from bot.pipeline.purpose import Purpose
from storage.broadcasts import KIND, Broadcast, BroadcastsRepo
from storage.db import Database
from storage.outbox import Outgoing
from storage.subscriptions import SubscriptionsRepo

AUDIENCES = ("all", *LOCALES)


def version_from(message: Message) -> TelegramMethod[Any] | None:
    """The admin's message as a method that sends the same thing (text with its formatting, a
    photo or a document with its caption), without HTML parsing; None for other kinds."""
    if message.text:
        return SendMessage(chat_id=0, text=message.text, entities=message.entities,
                           parse_mode=None)
    if message.photo:
        return SendPhoto(chat_id=0, photo=message.photo[-1].file_id, caption=message.caption,
                         caption_entities=message.caption_entities, parse_mode=None)
    if message.document:
        return SendDocument(chat_id=0, document=message.document.file_id,
                            caption=message.caption,
                            caption_entities=message.caption_entities, parse_mode=None)
    return None


def headed(method: TelegramMethod[Any], head: str) -> TelegramMethod[Any]:
    """The copy under a neutral first line, which is all a lock screen shows; the admin's
    formatting moves along with their words (entities count UTF-16 units)."""
    shift = utf16_len(head)

    def moved(entities: list[MessageEntity] | None) -> list[MessageEntity] | None:
        return [e.model_copy(update={"offset": e.offset + shift}) for e in entities or []] \
            or None

    if isinstance(method, SendMessage):
        return method.model_copy(update={"text": head + method.text,
                                         "entities": moved(method.entities)})
    if isinstance(method, SendPhoto | SendDocument):
        return method.model_copy(update={"caption": head + (method.caption or ""),
                                         "caption_entities": moved(method.caption_entities)})
    return method


@dataclass(frozen=True)
class Reach:
    """Who a broadcast would reach: recipients per language, and the subscribers left out
    because their language has no version."""

    recipients: dict[str, int]
    left_out: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.recipients.values())


@dataclass(frozen=True)
class Copy(Purpose, stream=KIND, tag="copy"):
    """One subscriber's copy of a broadcast. Stored without a purpose (plain): a broadcast's
    rows are many, and rows queued by earlier releases read back as copies too."""



class Broadcasts:
    def __init__(self, db: Database, bot: Bot, queue: OutboundQueue,
                 translations: Translations) -> None:
        self.repo = BroadcastsRepo(db)
        self.subscriptions = SubscriptionsRepo(db)
        self.bot = bot
        self.queue = queue
        self.translations = translations
        queue.register(Copy, on_outcome=self.on_outcome, plain=True)
        # A repeated copy of the news on a phone someone else reads costs more than one
        # missing copy: never twice, even across a crash.
        queue.send_at_most_once(KIND)

    # -- composing ---------------------------------------------------------------------------
    async def create(self, admin_id: int, audience: str,
                     versions: dict[str, TelegramMethod[Any]]) -> int:
        if audience not in AUDIENCES or not versions or set(versions) - set(LOCALES):
            raise ValueError("an audience of all or one language, and versions by language")
        return await self.repo.create(admin_id, audience,
                                      {loc: list(serialize(m)) for loc, m in versions.items()})

    def _locales(self, broadcast: Broadcast) -> tuple[str, ...]:
        return LOCALES if broadcast.audience == "all" else (broadcast.audience,)

    async def reach(self, broadcast: Broadcast) -> Reach:
        counts = await self.subscriptions.counts()
        wanted = self._locales(broadcast)
        return Reach({loc: counts.get(loc, 0) for loc in wanted if loc in broadcast.versions},
                     {loc: counts.get(loc, 0) for loc in wanted
                      if loc not in broadcast.versions and counts.get(loc)})

    def copy_for(self, broadcast: Broadcast, locale: str, chat_id: int,
                 silent: bool) -> TelegramMethod[Any]:
        """The version in this language, for one subscriber, exactly as it will be sent."""
        name, payload = broadcast.versions[locale]
        exit_label = str(self.translations.get(locale)("btn-exit"))
        markup = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(
            text=exit_label, callback_data=QuickExit().pack())]])
        return headed(deserialize(name, payload), self.head(locale)).model_copy(update={
            "chat_id": chat_id, "disable_notification": silent, "reply_markup": markup})

    def head(self, locale: str) -> str:
        """The neutral first line every copy in this language starts with."""
        return f"{self.translations.get(locale)('contact-head')}\n"

    def room(self, locale: str, caption: bool) -> int:
        """How long the admin's text (or caption) may be: Telegram's limit less the head."""
        return (CAPTION_LIMIT if caption else TEXT_LIMIT) - utf16_len(self.head(locale))

    async def preview(self, broadcast: Broadcast, admin_chat_id: int) -> dict[str, str]:
        """Each version sent to the admin exactly as subscribers will get it; returns the
        reason Telegram gave for each version it rejected (caught here, never at delivery)."""
        problems = {}
        for locale in broadcast.versions:
            try:
                await self.bot(self.copy_for(broadcast, locale, admin_chat_id, silent=True))
            except TelegramAPIError as exc:
                problems[locale] = exc.message
        return problems

    # -- running -----------------------------------------------------------------------------
    async def start(self, broadcast: Broadcast) -> int:
        """One outbox row per recipient, all in one transaction; returns how many. A broadcast
        started already (a repeated press) is not started twice."""
        recipients = [s for s in await self.subscriptions.audience(self._locales(broadcast))
                      if s.locale in broadcast.versions]
        rows = [self.queue.statement(self.copy_for(broadcast, s.locale, s.chat_id, s.silent),
                                     Copy(), ref=str(broadcast.id))
                for s in recipients]
        started = await self.repo.start(broadcast.id, len(rows), rows)
        if started:
            self.queue.wake()
        return len(rows) if started else 0

    async def schedule(self, broadcast: Broadcast, at: int) -> None:
        await self.repo.schedule(broadcast.id, at)

    async def pause(self, broadcast: Broadcast) -> None:
        if broadcast.state == "running":
            await self.repo.set_state(broadcast.id, "paused", "queued", "paused")

    async def resume(self, broadcast: Broadcast) -> None:
        if broadcast.state == "paused":
            await self.repo.set_state(broadcast.id, "running", "paused", "queued")
            self.queue.wake_after_commit()

    async def cancel(self, broadcast: Broadcast) -> None:
        if broadcast.state in ("running", "paused"):
            rows_from = "queued" if broadcast.state == "running" else "paused"
            await self.repo.set_state(broadcast.id, "cancelled", rows_from, "cancelled")
        elif broadcast.state in ("draft", "scheduled"):
            await self.repo.set_state(broadcast.id, "cancelled")

    async def on_outcome(self, row: Outgoing, _: Copy, reason: str, result: Any) -> None:
        """A subscriber who blocked the bot, or whose chat is gone, is no longer sent to."""
        if reason in (BLOCKED, CHAT_NOT_FOUND):
            await self.subscriptions.deactivate(row.chat_id)


@dataclass(frozen=True)
class Figures:
    total: int
    sent: int
    failed: int
    waiting: int  # queued or paused
    cancelled: int
    started_at: float | None

    @property
    def done(self) -> bool:
        return self.waiting == 0

    def rate(self, now: float | None = None) -> float:
        """Messages a second since the start."""
        if not self.started_at:
            return 0.0
        elapsed = max(1.0, (now or time.time()) - self.started_at)
        return (self.sent + self.failed) / elapsed

    def eta_seconds(self, now: float | None = None) -> float | None:
        rate = self.rate(now)
        return self.waiting / rate if rate > 0 else None


async def figures(service: Broadcasts, broadcast: Broadcast) -> Figures:
    counts = await service.repo.figures(broadcast.id)
    return Figures(total=broadcast.total, sent=counts.get("sent", 0),
                   failed=counts.get("failed", 0),
                   waiting=counts.get("queued", 0) + counts.get("paused", 0)
                   + counts.get("sending", 0),
                   cancelled=counts.get("cancelled", 0), started_at=broadcast.started_at)
