"""Broadcasts in the background: start the scheduled ones when their time comes, mark a
broadcast done when nobody is left to send to, and keep the admin's progress message current
(edited every few seconds, only when its text changed)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from bot.broadcast.progress import progress_markup, progress_text
from bot.broadcast.service import Broadcasts, figures
from bot.kit.i18n import Translations
from bot.pipeline.turns import ONLY_PROCESS, Turns
from storage.broadcasts import Broadcast
from storage.people import PeopleRepo

log = logging.getLogger(__name__)


class BroadcastWatch:
    def __init__(self, service: Broadcasts, bot: Bot, people: PeopleRepo,
                 translations: Translations) -> None:
        self.service = service
        self.bot = bot
        self.people = people
        self.translations = translations
        self._shown: dict[int, str] = {}  # broadcast id -> the progress text on screen

    async def run(self, every: float = 3.0, turns: Turns = ONLY_PROCESS) -> None:
        while True:
            if await turns.take("broadcasts", every):
                await self.step()
            await asyncio.sleep(every)

    async def step(self) -> None:
        for broadcast in await self.service.repo.due():
            started = await self.service.start(broadcast)
            log.info("scheduled broadcast %d started: %d recipients", broadcast.id, started)
        for broadcast in await self.service.repo.running():
            counts = await figures(self.service, broadcast)
            if broadcast.state == "running" and counts.done:
                await self.service.repo.set_state(broadcast.id, "done")
                broadcast = await self.service.repo.get(broadcast.id) or broadcast
            await self.show(broadcast)

    async def show(self, broadcast: Broadcast) -> None:
        """The admin's progress message, edited in place (sent once if there is none)."""
        counts = await figures(self.service, broadcast)
        t = self.translations.get(await self.people.locale(broadcast.admin_id))
        text = progress_text(t, broadcast, counts)
        if self._shown.get(broadcast.id) == text:
            return
        markup = progress_markup(t, broadcast, counts)
        try:
            if broadcast.progress_chat and broadcast.progress_message:
                with contextlib.suppress(TelegramAPIError):  # "not modified", or deleted
                    await self.bot.edit_message_text(
                        text, chat_id=broadcast.progress_chat,
                        message_id=broadcast.progress_message, reply_markup=markup)
            else:
                sent = await self.bot.send_message(broadcast.admin_id, text, reply_markup=markup)
                await self.service.repo.set_progress_message(broadcast.id, sent.chat.id,
                                                             sent.message_id)
        except TelegramAPIError as exc:
            log.warning("broadcast %d: progress not shown (%s)", broadcast.id,
                        exc)
        self._shown[broadcast.id] = text
        if broadcast.state in ("done", "cancelled"):
            self._shown.pop(broadcast.id, None)
