"""`python -m bot sandbox`: chat with the real bot in this terminal, no token needed.

The bot runs exactly as in production (same `build_app`), against the in-process fake Bot API,
with its state in a temporary SQLite file. You play a victim in a private chat, or a defender in
the defenders' forum group; NGO staff preview the texts this way.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from pydantic import SecretStr

from bot.app import build_app, run
from bot.settings import load_settings
from bot.workers.outbound import OutboundQueue
from sandbox.fakeapi import FakeMessage, FakeTelegram, running_in_thread

VICTIM_ID = 1001
DEFENDER_ID = 2002
DEFAULT_DEFENDERS_CHAT = -1001234567890
MEDIA = {":sticker": "sticker", ":photo": "photo", ":voice": "voice", ":document": "document",
         ":location": "location", ":contact": "contact"}
HELP = """Sandbox commands:
  a number        press that button on the bot's latest screen
  any other text  send it to the bot (commands like /start too)
  :sticker :photo :voice :document :location :contact   send such a message
  :view victim | :view defender   switch between the private chat and the defenders' group
  :reply [ID] text  (defender) reply to the message shown as (msg ID), or to the person's
                  latest message: the reply goes to the person
  :help           this text
  :quit           leave (or end of input)"""


@dataclass
class View:
    """One chat as the sandbox user sees it, and what of it was already printed."""

    name: str
    chat_id: int
    user_id: int
    printed: dict[int, int] = field(default_factory=dict)  # message id -> edits printed
    deleted: set[int] = field(default_factory=set)
    group: bool = False  # the defenders' forum group: messages show their topic and id


class Terminal:
    def __init__(self, tg: FakeTelegram, out: TextIO, defenders_chat: int) -> None:
        self.tg = tg
        self.out = out
        self.views = {
            "victim": View("victim", VICTIM_ID, VICTIM_ID),
            "defender": View("defender", defenders_chat, DEFENDER_ID, group=True),
        }
        self.view = self.views["victim"]

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def latest_screen(self) -> FakeMessage | None:
        with_buttons = [m for m in self.tg.bot_messages(self.view.chat_id) if m.buttons]
        return with_buttons[-1] if with_buttons else None

    def topic(self) -> int | None:
        """The defenders' view writes into the newest case topic."""
        topics = [t for t in self.tg.topics(self.view.chat_id) if not t.deleted]
        return topics[-1].thread_id if self.view.group and topics else None

    def latest_relayed(self) -> int | None:
        """The newest copy of the person's words in the current topic (not a summary)."""
        topic = self.topic()
        if topic is None:
            return None
        copies = [m for m in self.tg.bot_messages(self.view.chat_id, thread_id=topic)
                  if not m.buttons and m.kind != "service"]
        return copies[-1].message_id if copies else None

    def render(self, message: FakeMessage, edited: bool) -> None:
        header = "── bot (screen updated) " if edited else "── bot "
        if self.view.group:
            names = {t.thread_id: t.name for t in self.tg.topics(self.view.chat_id)}
            where = names.get(message.thread_id or 0, "general")
            header = f"── [{where}] (msg {message.message_id}) " + header.removeprefix("── ")
        self.say(header + "─" * max(4, 40 - len(header)))
        self.say(message.text or f"[{message.kind}]")
        number = 0
        for row in message.buttons:
            cells = []
            for button in row:
                number += 1
                cells.append(f"[{number}] {button.text}")
            self.say("   " + "   ".join(cells))

    def show_changes(self) -> None:
        """Print what the bot sent or edited, and what it deleted, since the last look."""
        view = self.view
        gone = 0
        for message in self.tg.history(view.chat_id, include_deleted=True):
            if message.deleted:
                if message.message_id not in view.deleted:
                    view.deleted.add(message.message_id)
                    gone += 1
                continue
            if not message.from_bot or message.kind == "service":
                continue
            seen = view.printed.get(message.message_id)
            if seen is None or seen != message.edited:
                self.render(message, edited=seen is not None)
                view.printed[message.message_id] = message.edited
        if gone:
            self.say(f"── {gone} message(s) deleted from this chat ──")

    def press(self, number: int) -> bool:
        screen = self.latest_screen()
        buttons = [b for row in screen.buttons for b in row] if screen else []
        if screen is None or not 1 <= number <= len(buttons):
            self.say(f"(no button {number} on the latest screen)")
            return False
        self.tg.press(self.view.user_id, screen.message_id, buttons[number - 1].callback_data,
                      chat_id=self.view.chat_id)
        return True

    def act(self, line: str) -> bool | None:
        """Carry out one line of input: True when the bot was asked something, None to quit."""
        text = line.strip()
        if text in (":quit", ":q", ":exit"):
            return None
        if text == ":help" or not text:
            self.say(HELP)
            return False
        if text.startswith(":view"):
            name = text.removeprefix(":view").strip()
            if name not in self.views:
                self.say("(views: victim, defender)")
                return False
            self.view = self.views[name]
            self.say(f"(you are now the {name}: chat {self.view.chat_id})")
            self.show_changes()
            return False
        if text in MEDIA:
            self.tg.send_media(self.view.user_id, MEDIA[text], chat_id=self.view.chat_id,
                               thread_id=self.topic())
            return True
        if text.isdigit():
            return self.press(int(text))
        reply_to = None
        if text.startswith(":reply"):
            words = text.removeprefix(":reply").strip()
            target, _, rest = words.partition(" ")
            reply_to, text = (int(target), rest) if target.isdigit() else \
                (self.latest_relayed(), words)
            if reply_to is None or not text:
                self.say("(usage: :reply [ID] your words, in the defenders' view)")
                return False
        self.tg.send_text(self.view.user_id, text, chat_id=self.view.chat_id,
                          thread_id=self.topic(), reply_to=reply_to)
        return True


async def run_sandbox(language: str | None = None, stdin: TextIO | None = None,
                      out: TextIO | None = None) -> None:
    stdin, out = stdin or sys.stdin, out or sys.stdout
    base = load_settings()  # edition and legal folder settings still apply
    logging.basicConfig(level="WARNING", stream=sys.stderr)
    defenders_chat = base.defenders_chat_id or DEFAULT_DEFENDERS_CHAT
    with tempfile.TemporaryDirectory(prefix="qorgau-sandbox-") as tmp, \
            running_in_thread() as server:
        tg = server.tg
        tg.user(VICTIM_ID, "Victim", language)
        tg.user(DEFENDER_ID, "Defender", "ru")
        tg.add_forum_group(defenders_chat, "Defenders (sandbox)")
        tg.set_member(defenders_chat, DEFENDER_ID)
        settings = base.model_copy(update={
            "bot_token": SecretStr(tg.token), "telegram_api_url": server.url,
            "database_url": f"sqlite:///{Path(tmp) / 'sandbox.db'}",
            "defenders_chat_id": defenders_chat,
        })
        app = await build_app(settings)
        stopping = asyncio.Event()
        running = asyncio.create_task(run(app, handle_signals=False, stopping=stopping))
        terminal = Terminal(tg, out, defenders_chat)
        try:
            await asyncio.to_thread(tg.wait_polling, 30.0)
            terminal.say("Qorgau sandbox: you are a victim writing to the bot. Try /start.")
            terminal.say("A number presses a button; :help lists commands; :quit leaves.")
            await _converse(terminal, stdin, out, app.queue)
        finally:
            stopping.set()
            await running
            await app.close()
    print("(sandbox closed)", file=out, flush=True)


async def _settled(terminal: Terminal, queue: OutboundQueue, patience: float = 10.0) -> None:
    """Wait until the bot is quiet and its outbound queue (replies relayed to the person, what
    goes to the defenders' group, paced by Telegram's limits) has nothing left to send."""
    deadline = asyncio.get_running_loop().time() + patience
    while True:
        await asyncio.to_thread(terminal.tg.wait_idle)
        if not await queue.repo.depth() or asyncio.get_running_loop().time() > deadline:
            return
        await asyncio.sleep(0.1)


async def _converse(terminal: Terminal, stdin: TextIO, out: TextIO,
                    queue: OutboundQueue) -> None:
    while True:
        print(f"{terminal.view.name}> ", end="", file=out, flush=True)
        line = await asyncio.to_thread(stdin.readline)
        if not line:  # end of input
            print(file=out)
            return
        outcome = terminal.act(line)
        if outcome is None:
            return
        if outcome:
            await _settled(terminal, queue)
            terminal.show_changes()
