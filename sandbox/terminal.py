"""`python -m bot sandbox`: chat with the real bot in this terminal, no token needed.

The bot runs exactly as in production (same `build_app`), against the in-process fake Bot API,
with its state in a temporary SQLite file. You play a victim in a private chat, or a defender in
an organisation's forum group; NGO staff preview the texts this way. Two organisations serve the
sandbox (SANDBOX_ORGANISATIONS: one for the three cities, one for the whole country), unless
ORGANISATIONS_FILE or DEFENDERS_CHAT_ID names the deployment's own.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from pydantic import SecretStr

from bot.app import App, open_app, run
from bot.settings import Settings, load_settings, read_organisations
from sandbox.fakeapi import FakeMessage, FakeTelegram, running_in_thread
from storage.crypto import new_key

VICTIM_ID = 1001
DEFENDER_ID = 2002
DEFAULT_DEFENDERS_CHAT = -1001234567890
SANDBOX_ORGANISATIONS = f"""
[[organisation]]
key = "cities"
chat_id = {DEFAULT_DEFENDERS_CHAT}
regions = ["astana", "almaty-city", "shymkent"]
{{hours}}
contacts = {{ kk = "+7 700 000 00 01", ru = "+7 700 000 00 01", en = "+7 700 000 00 01" }}
[organisation.name]
kk = "Қалалар орталығы (сынақ)"
ru = "Городской центр (песочница)"
en = "City centre (sandbox)"

[[organisation]]
key = "country"
chat_id = {DEFAULT_DEFENDERS_CHAT - 1}
regions = "all"
fallback = true
{{hours}}
[organisation.name]
kk = "Ұлттық желі (сынақ)"
ru = "Национальная линия (песочница)"
en = "National line (sandbox)"
"""
ALMATY_POINT = (43.238949, 76.889709)  # where "send my location" says the person is
SNIPPET = 30  # characters of a message quoted beside a reaction on it
SAMPLE_FILE = b"A sample file from the Qorgau sandbox.\n" * 100
MEDIA = {":sticker": "sticker", ":photo": "photo", ":voice": "voice", ":document": "document",
         ":location": "location", ":contact": "contact"}
HELP = """Sandbox commands:
  a number        press that button: the bot's latest screen first, then the keyboard shown
                  with ⌨ (it stands in for the phone's keyboard until the bot removes it)
  a ⌨ button's text  presses it too (📱 shares your number, 📍 your location)
  any other text  send it to the bot (commands like /start too)
  :sticker :photo :voice :document :location :contact   send such a message
  :view victim | :view defender 1 | :view defender 2   switch between the private chat and
                  an organisation's group (:view defender is the first)
  :view admin     (with ADMIN_IDS set) the private chat of the first admin: /broadcast …
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
    reactions: dict[int, tuple[str, ...]] = field(default_factory=dict)  # message id -> shown
    used_once: set[int] = field(default_factory=set)  # one-time keyboards pressed: hidden


@dataclass(frozen=True)
class Keyboard:
    """A reply keyboard as the person sees it under the input field, and the message that
    brought it (Telegram keeps it there until the bot removes or replaces it)."""

    message_id: int
    buttons: list[dict[str, Any]]
    one_time: bool


class Terminal:
    def __init__(self, tg: FakeTelegram, out: TextIO, defenders_chats: list[int],
                 admin_id: int | None = None) -> None:
        """`defenders_chats`: each organisation's group; its defender is DEFENDER_ID + n."""
        self.tg = tg
        self.out = out
        self.views = {"victim": View("victim", VICTIM_ID, VICTIM_ID)}
        for n, chat in enumerate(defenders_chats, start=1):
            name = f"defender {n}" if len(defenders_chats) > 1 else "defender"
            self.views[name] = View(name, chat, DEFENDER_ID + n - 1, group=True)
        if len(defenders_chats) > 1:
            self.views["defender"] = self.views["defender 1"]
        if admin_id is not None:
            self.views["admin"] = View("admin", admin_id, admin_id)
        self.view = self.views["victim"]
        self._saved: Path | None = None  # where documents the bot sends are written

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def latest_screen(self) -> FakeMessage | None:
        with_buttons = [m for m in self.tg.bot_messages(self.view.chat_id) if m.buttons]
        return with_buttons[-1] if with_buttons else None

    def inline_count(self) -> int:
        """How many numbers the latest screen's buttons take: the keyboard's come after."""
        screen = self.latest_screen()
        return sum(len(row) for row in screen.buttons) if screen else 0

    def keyboard(self) -> Keyboard | None:
        """The reply keyboard in force: the newest the bot sent, unless a later message
        removed it or it was one-time and has been pressed. A message deleted since still
        counts: deleting it does not take its keyboard away."""
        history = self.tg.history(self.view.chat_id, include_deleted=True)
        for message in reversed(history):
            markup = message.reply_markup if message.from_bot else None
            if not markup or "inline_keyboard" in markup:
                continue
            if "keyboard" not in markup or message.message_id in self.view.used_once:
                return None  # remove_keyboard (or force_reply), or pressed once and gone
            buttons = [b if isinstance(b, dict) else {"text": b}
                       for row in markup["keyboard"] for b in row]
            return Keyboard(message.message_id, buttons, bool(markup.get("one_time_keyboard")))
        return None

    def keyboard_line(self, keyboard: Keyboard) -> str:
        first = self.inline_count() + 1
        keys = "   ".join(f"[{first + i}] {b['text']}" for i, b in enumerate(keyboard.buttons))
        return f"   ⌨ {keys}"

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

    def render(self, message: FakeMessage, edited: bool, keyboard: Keyboard | None) -> None:
        header = "── bot (screen updated) " if edited else "── bot "
        if self.view.group:
            names = {t.thread_id: t.name for t in self.tg.topics(self.view.chat_id)}
            where = names.get(message.thread_id or 0, "general")
            header = f"── [{where}] (msg {message.message_id}) " + header.removeprefix("── ")
        self.say(header + "─" * max(4, 40 - len(header)))
        self.say(message.text or f"[{message.kind}]")
        if message.kind == "document":
            self.save_document(message)
        number = 0
        for row in message.buttons:
            cells = []
            for button in row:
                number += 1
                cells.append(f"[{number}] {button.text}")
            self.say("   " + "   ".join(cells))
        if keyboard is not None and keyboard.message_id == message.message_id:
            self.say(self.keyboard_line(keyboard))

    def save_document(self, message: FakeMessage) -> None:
        """A file the bot sent (a journal's draft PDF, its zip): written to a temporary
        folder, its path printed, so it can be opened."""
        document = message.payload.get("document") or {}
        stored = self.tg.file(str(document.get("file_id", "")))
        if stored is None:
            return
        if self._saved is None:
            self._saved = Path(tempfile.mkdtemp(prefix="qorgau-sandbox-"))
        path = self._saved / f"{message.message_id}-{Path(stored.file_name).name}"
        path.write_bytes(stored.content)
        self.say(f"(the file is saved to {path})")

    def show_changes(self) -> None:
        """Print what the bot sent or edited, the reactions it set, and what it deleted, since
        the last look; then the reply keyboard again if the numbers before it moved."""
        view = self.view
        keyboard = self.keyboard()
        gone, printed, keyboard_shown = 0, False, False
        for message in self.tg.history(view.chat_id, include_deleted=True):
            if message.deleted:
                if message.message_id not in view.deleted:
                    view.deleted.add(message.message_id)
                    gone += 1
                continue
            self.show_reaction(message)
            if not message.from_bot or message.kind == "service":
                continue
            seen = view.printed.get(message.message_id)
            if seen is None or seen != message.edited:
                self.render(message, edited=seen is not None, keyboard=keyboard)
                view.printed[message.message_id] = message.edited
                printed = True
                keyboard_shown |= keyboard is not None and \
                    keyboard.message_id == message.message_id
        if gone:
            self.say(f"── {gone} message(s) deleted from this chat ──")
        if keyboard is not None and (printed or gone) and not keyboard_shown:
            self.say(self.keyboard_line(keyboard))  # still there, numbered as things are now

    def show_reaction(self, message: FakeMessage) -> None:
        """A reaction the bot set, changed or took off a message: "(👍 on msg 12: “…”)"."""
        emojis = tuple(message.reaction_emojis)
        if emojis == self.view.reactions.get(message.message_id, ()):
            return
        self.view.reactions[message.message_id] = emojis
        words = " ".join((message.text or "").split())
        quote = f": “{words[:SNIPPET]}{'…' if len(words) > SNIPPET else ''}”" if words else ""
        if emojis:
            self.say(f"({' '.join(emojis)} on msg {message.message_id}{quote})")
        else:
            self.say(f"(reaction taken off msg {message.message_id}{quote})")

    def press(self, number: int) -> bool:
        """The latest screen's buttons are 1…n; the reply keyboard's come after them."""
        screen = self.latest_screen()
        buttons = [b for row in screen.buttons for b in row] if screen else []
        if screen is not None and 1 <= number <= len(buttons):
            self.tg.press(self.view.user_id, screen.message_id,
                          buttons[number - 1].callback_data, chat_id=self.view.chat_id)
            return True
        keyboard = self.keyboard()
        index = number - len(buttons) - 1
        if keyboard is not None and 0 <= index < len(keyboard.buttons):
            return self.press_key(keyboard, keyboard.buttons[index])
        self.say(f"(no button {number} on the latest screen or the keyboard)")
        return False

    def press_key(self, keyboard: Keyboard, key: dict[str, Any]) -> bool:
        """What a Telegram client sends for a reply-keyboard button: the person's own contact,
        their location, or the button's text."""
        if keyboard.one_time:
            self.view.used_once.add(keyboard.message_id)
        user, chat = self.view.user_id, self.view.chat_id
        if key.get("request_contact"):
            self.tg.send_media(user, "contact", chat_id=chat)
        elif key.get("request_location"):
            self.tg.send_location(user, *ALMATY_POINT, chat_id=chat)
        else:
            self.tg.send_text(user, str(key["text"]), chat_id=chat, thread_id=self.topic())
        return True

    def typed_key(self, text: str) -> tuple[Keyboard, dict[str, Any]] | None:
        """The reply-keyboard button whose text was typed, if any."""
        keyboard = self.keyboard()
        if keyboard is None:
            return None
        wanted = text.casefold()
        key = next((b for b in keyboard.buttons if str(b["text"]).casefold() == wanted), None)
        return (keyboard, key) if key is not None else None

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
                self.say(f"(views: {', '.join(self.views)})")
                return False
            self.view = self.views[name]
            self.say(f"(you are now the {self.view.name}: chat {self.view.chat_id})")
            self.show_changes()
            return False
        if text in MEDIA:
            kind = MEDIA[text]  # a file with contents, so the bot can download it (the journal)
            content = SAMPLE_FILE if kind in ("photo", "voice", "document") else None
            self.tg.send_media(self.view.user_id, kind, chat_id=self.view.chat_id,
                               thread_id=self.topic(), content=content)
            return True
        if text.isdigit():
            return self.press(int(text))
        if typed := self.typed_key(text):
            return self.press_key(*typed)
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


def sandbox_organisations(base: Settings) -> str:
    """The sandbox's two organisations, working DEFENDERS_HOURS when it is set (so NGO staff
    preview the hours' texts)."""
    hours = "\n".join(f"{name} = {json.dumps(value)}" for name, value in (
        ("hours", base.defenders_hours), ("timezone", base.defenders_timezone),
        ("holidays", base.defenders_holidays)) if value and base.defenders_hours)
    return SANDBOX_ORGANISATIONS.replace("{hours}", hours)


async def run_sandbox(language: str | None = None, stdin: TextIO | None = None,
                      out: TextIO | None = None) -> None:
    """Raises what the real start-up raises (SettingsError …: one line, exit 2) when the bot
    inside cannot start, instead of waiting for it."""
    stdin, out = stdin or sys.stdin, out or sys.stdout
    base = load_settings()  # edition, legal folder, hours and admin settings still apply
    logging.basicConfig(level="WARNING", stream=sys.stderr)
    admin_id = min(base.admin_ids) if base.admin_ids else None
    with tempfile.TemporaryDirectory(prefix="qorgau-sandbox-") as tmp, \
            running_in_thread() as server:
        tg = server.tg
        tg.user(VICTIM_ID, "Victim", language)
        if admin_id is not None:  # has not opened the bot yet, as an NGO's new admin
            tg.user(admin_id, "Admin", language or "ru")
        organisations_file = base.organisations_file
        if organisations_file is None and base.defenders_chat_id is None:
            organisations_file = Path(tmp) / "organisations.toml"
            organisations_file.write_text(sandbox_organisations(base), encoding="utf-8")
        chats = [o.chat_id for o in read_organisations(organisations_file)] \
            if organisations_file else [base.defenders_chat_id or DEFAULT_DEFENDERS_CHAT]
        for n, chat in enumerate(chats):
            tg.user(DEFENDER_ID + n, f"Defender {n + 1}", "ru")
            tg.add_forum_group(chat, f"Defenders {n + 1} (sandbox)")
            tg.set_member(chat, DEFENDER_ID + n)
        settings = base.model_copy(update={
            "bot_token": SecretStr(tg.token), "telegram_api_url": server.url,
            "database_url": f"sqlite:///{Path(tmp) / 'sandbox.db'}",
            "organisations_file": organisations_file,
            # long polling, state in this process: nothing outside the sandbox is touched
            "webhook_url": None, "redis_url": None,
            # a key in memory: the temporary database dies with the sandbox, so does its key
            "data_key": SecretStr(new_key()), "data_key_file": None,
        })
        app = await open_app(settings)
        stopping = asyncio.Event()
        running = asyncio.create_task(run(app, handle_signals=False, stopping=stopping))
        terminal = Terminal(tg, out, chats, admin_id)
        try:
            await _until_polling(tg, running)
            terminal.say("Qorgau sandbox: you are a victim writing to the bot. Try /start.")
            terminal.say("A number presses a button; :help lists commands; :quit leaves.")
            if admin_id is not None:
                terminal.say(":view admin makes you the NGO admin (ADMIN_IDS): try /broadcast.")
            await _converse(terminal, stdin, out, app)
        finally:
            stopping.set()
            try:
                await running
            finally:
                await app.close()
    print("(sandbox closed)", file=out, flush=True)


async def _until_polling(tg: FakeTelegram, running: asyncio.Task[None],
                         patience: float = 60.0) -> None:
    """Wait for the bot's first getUpdates; a bot whose start-up failed raises its error here
    (never a silent wait)."""
    deadline = asyncio.get_running_loop().time() + patience
    while not tg.mark():
        if running.done():
            running.result()  # the start-up's own error, one line for the operator
            raise RuntimeError("the bot stopped before taking updates")
        if asyncio.get_running_loop().time() > deadline:
            raise RuntimeError(f"the bot did not start taking updates within {patience:.0f} s")
        await asyncio.sleep(0.02)


async def _settled(terminal: Terminal, app: App, patience: float = 30.0) -> None:
    """Wait until every update is in the bot's hands and handled (the quiet alone can end
    before a handler on a busy machine makes its first call), its outbound queue (replies
    relayed to the person, what goes to the defenders' group, paced by Telegram's limits) has
    nothing left to send, and the bot is quiet."""
    deadline = asyncio.get_running_loop().time() + patience
    while True:
        await asyncio.to_thread(terminal.tg.wait_idle)
        busy = terminal.tg.pending_updates() or (await app.inbox.backlog())[0] \
            or await app.queue.repo.depth()
        if not busy or asyncio.get_running_loop().time() > deadline:
            return
        await asyncio.sleep(0.05)


async def _converse(terminal: Terminal, stdin: TextIO, out: TextIO, app: App) -> None:
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
            await _settled(terminal, app)
            terminal.show_changes()
