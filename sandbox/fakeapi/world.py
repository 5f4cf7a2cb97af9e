"""The fake's data and the rules shared by all methods. Not thread-safe: FakeTelegram locks."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .errors import bad_request, forbidden, migrated
from .html import HtmlError, parse_html, strip_text, utf16_len
from .limits import Faults, RateLimits
from .models import Chat, Event, FakeMessage, FakeUser
from .params import Params

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
DELETE_WINDOW = 48 * 3600
# Telegram's default when allowed_updates was never given: everything but these.
NOT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
# Telegram's stand-in sender for anonymous admins and for service messages of a supergroup.
GROUP_ANONYMOUS_BOT = {"id": 1087968824, "is_bot": True, "first_name": "Group",
                       "username": "GroupAnonymousBot"}


@dataclass
class CallbackRecord:
    user_id: int
    chat_id: int
    message_id: int
    data: str | None
    answered: bool = False


@dataclass
class FormattedText:
    plain: str
    raw: str
    entities: list[dict[str, Any]] = field(default_factory=list)


class World:
    def __init__(self, token: str, bot_username: str, bot_name: str, strict_html: bool) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.bot_name = bot_name
        self.strict_html = strict_html
        self.time_offset = 0.0
        self.users: dict[int, FakeUser] = {}
        self.chats: dict[int, Chat] = {}
        self.messages: dict[int, dict[int, FakeMessage]] = {}
        self.member_status: dict[tuple[int, int], str] = {}
        self.updates: list[dict[str, Any]] = []  # unconfirmed, oldest first
        self.last_update_id = 0
        self.fetched_upto = 0  # highest update_id handed to the bot (or dropped for it)
        self.allowed_updates: list[str] | None = None
        self.webhook: Any = None  # webhook.Webhook while one is set (then no getUpdates)
        self.callbacks: dict[str, CallbackRecord] = {}
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.commands: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
        self.files: dict[str, Any] = {}  # file_id -> files_api.StoredFile (with contents)
        self.events: list[Event] = []  # for listeners, fired outside the lock
        self.faults = Faults()
        self.rate_limits: RateLimits | None = None
        self._callback_seq = 0

    # -- clock --------------------------------------------------------------------------
    def now(self) -> int:
        return int(time.time() + self.time_offset)

    # -- identities ---------------------------------------------------------------------
    def bot_json(self) -> dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": self.bot_name,
                "username": self.bot_username}

    def add_user(self, user: FakeUser) -> FakeUser:
        """Register a person; registering again updates their profile (not their state)."""
        known = self.users.setdefault(user.user_id, user)
        if known is not user:
            known.first_name, known.language_code = user.first_name, user.language_code
            known.username, known.last_name = user.username, user.last_name
        self.chats.setdefault(user.user_id, Chat(user.user_id, "private"))
        return known

    def person(self, user: FakeUser | int) -> FakeUser:
        user_id = user if isinstance(user, int) else user.user_id
        if user_id not in self.users:
            raise KeyError(f"user {user_id} is not registered; call tg.user({user_id}) first")
        return self.users[user_id]

    # -- chats and access ---------------------------------------------------------------
    def chat(self, chat_id: int | str) -> Chat:
        """A chat the bot knows. A person's private chat exists for the bot only once they
        wrote to it, or once the bot saw them in a group: before that, Telegram answers
        "chat not found" to anything naming it (a message, getChat, a command scope)."""
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None or (chat.type == "private" and not self.knows(chat.chat_id)):
            raise bad_request("chat not found")
        return chat

    def knows(self, user_id: int) -> bool:
        user = self.users.get(user_id)
        return user is not None and (user.started or any(
            user_id in chat.members for chat in self.chats.values() if chat.type != "private"))

    def chat_for_send(self, chat_id: int | str) -> Chat:
        """A chat the bot may write to: 403s for people who blocked or never started it."""
        chat = self.chat(chat_id)
        if chat.migrated_to is not None:
            raise migrated(chat.migrated_to)
        if chat.type == "private":
            user = self.users[chat.chat_id]
            if user.blocked:
                raise forbidden("bot was blocked by the user")
            if not user.started:
                raise forbidden("bot can't initiate conversation with a user")
        return chat

    def thread_for_send(self, chat: Chat, p: Params) -> int | None:
        thread_id = p.integer("message_thread_id")
        if not thread_id or not chat.is_forum:
            return None  # outside forums Telegram ignores it
        return self.check_topic(chat, thread_id)

    def check_topic(self, chat: Chat, thread_id: int) -> int:
        topic = chat.topics.get(thread_id)
        if topic is None or topic.deleted:
            raise bad_request("message thread not found")
        if topic.closed:
            raise bad_request("TOPIC_CLOSED")
        return thread_id

    def reply_thread(self, chat: Chat, thread_id: int | None, reply_to: int | None,
                     ) -> int | None:
        """A reply lands in the topic of the message it answers, as in Telegram."""
        if thread_id is not None or reply_to is None or not chat.is_forum:
            return thread_id
        target = self.find(chat.chat_id, reply_to)
        if target is None or target.thread_id is None:
            return None
        return self.check_topic(chat, target.thread_id)

    def check_rate(self, chat: Chat) -> None:
        if self.rate_limits is not None:
            self.rate_limits.check(chat.chat_id, chat.type == "private", time.monotonic())

    # -- messages -----------------------------------------------------------------------
    def add_message(self, chat: Chat, **fields: Any) -> FakeMessage:
        chat.last_message_id += 1
        msg = FakeMessage(chat_id=chat.chat_id, message_id=chat.last_message_id,
                          date=self.now(), **fields)
        self.messages.setdefault(chat.chat_id, {})[msg.message_id] = msg
        return msg

    def find(self, chat_id: int, message_id: int) -> FakeMessage | None:
        msg = self.messages.get(chat_id, {}).get(message_id)
        return None if msg is None or msg.deleted else msg

    def iter_messages(self, chat_id: int) -> Iterator[FakeMessage]:
        yield from self.messages.get(chat_id, {}).values()

    def message_json(self, msg: FakeMessage, nested: bool = False) -> dict[str, Any]:
        chat = self.chats[msg.chat_id]
        data: dict[str, Any] = {
            "message_id": msg.message_id,
            "from": self.sender_json(msg),
            "chat": chat.as_json(self.users),
            "date": msg.date,
        }
        if msg.thread_id is not None:
            data["message_thread_id"] = msg.thread_id
            data["is_topic_message"] = True
        if msg.kind == "text":
            data["text"] = msg.text
            if msg.entities:
                data["entities"] = msg.entities
        else:
            data.update(msg.payload)
            if msg.text:
                data["caption"] = msg.text
                if msg.entities:
                    data["caption_entities"] = msg.entities
        if msg.reply_markup and "inline_keyboard" in msg.reply_markup:
            data["reply_markup"] = msg.reply_markup  # Telegram echoes only inline keyboards
        if msg.edit_date:
            data["edit_date"] = msg.edit_date
        extra = dict(msg.extra)
        reply_to = extra.pop("reply_to_message_id", None)
        if not nested and (target := self._replied(msg, reply_to)):
            data["reply_to_message"] = self.message_json(target, nested=True)
        data.update(extra)
        return data

    def sender_json(self, msg: FakeMessage) -> dict[str, Any]:
        if msg.from_bot:
            return self.bot_json()
        if msg.sender_id == GROUP_ANONYMOUS_BOT["id"]:
            return dict(GROUP_ANONYMOUS_BOT)
        return self.users[msg.sender_id].as_json()

    def _replied(self, msg: FakeMessage, reply_to: int | None) -> FakeMessage | None:
        """The message shown as reply_to_message. In a forum topic a message that answers
        nothing else "replies" to the topic's forum_topic_created message, as in Telegram."""
        if reply_to:
            return self.find(msg.chat_id, reply_to)  # a deleted target is not shown
        if msg.thread_id is None or msg.thread_id == msg.message_id:
            return None
        return self.find(msg.chat_id, msg.thread_id)

    def format_text(self, p: Params, name: str, caption: bool = False) -> FormattedText:
        """Parse text or caption per parse_mode, enforcing Telegram's emptiness and length."""
        raw = p.text(name) or ""
        if not raw and not caption:
            raise bad_request("message text is empty")
        mode = (p.text("parse_mode") or "").lower()
        entities: list[dict[str, Any]] = []
        if mode == "html":
            try:
                plain, entities = parse_html(raw, strict_ampersand=self.strict_html)
            except HtmlError as e:
                raise bad_request(f"can't parse entities: {e}") from None
        elif mode in ("", "markdown", "markdownv2"):
            plain = raw  # Markdown is not parsed by the fake: the bot uses HTML
            given = p.obj("caption_entities" if caption else "entities")
            entities = given if isinstance(given, list) else []
        else:
            raise bad_request("unsupported parse_mode")
        plain, entities = strip_text(plain, entities)
        if not plain and not caption:
            raise bad_request("message must be non-empty")
        if utf16_len(plain) > (CAPTION_LIMIT if caption else TEXT_LIMIT):
            raise bad_request("message caption is too long" if caption else "message is too long")
        return FormattedText(plain, raw, entities)

    def reply_target(self, chat: Chat, p: Params) -> int | None:
        reply = p.obj("reply_parameters") or {}
        message_id = reply.get("message_id") if isinstance(reply, dict) else None
        message_id = message_id or p.integer("reply_to_message_id")
        if not message_id:
            return None
        if self.find(chat.chat_id, int(message_id)) is None:
            allow = (isinstance(reply, dict) and reply.get("allow_sending_without_reply")) or \
                p.flag("allow_sending_without_reply")
            if allow:
                return None
            raise bad_request("message to be replied not found")
        return int(message_id)

    # -- updates ------------------------------------------------------------------------
    def push_update(self, kind: str, payload: dict[str, Any]) -> None:
        self.last_update_id += 1
        self.updates.append({"update_id": self.last_update_id, kind: payload})

    def take_updates(self, offset: int | None, limit: int, allowed: list[str] | None,
                     ) -> list[dict[str, Any]]:
        """getUpdates without the waiting: confirm by offset, filter, hand out."""
        if offset is not None:
            if offset < 0:
                self.updates = self.updates[offset:] if -offset < len(self.updates) else \
                    self.updates
            else:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if allowed is not None:
            self.allowed_updates = allowed  # Telegram remembers the last list given
        self.updates = [u for u in self.updates if self.allowed(u)]
        batch = self.updates[: max(1, min(limit, 100))]
        if batch:
            self.fetched_upto = max(self.fetched_upto, batch[-1]["update_id"])
        if not self.updates:
            self.fetched_upto = self.last_update_id  # everything dropped counts as handled
        return batch

    def allowed(self, update: dict[str, Any]) -> bool:
        kind = next(k for k in update if k != "update_id")
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in NOT_BY_DEFAULT

    def drop_pending(self) -> None:
        self.updates.clear()
        self.fetched_upto = self.last_update_id

    def settle_webhook(self) -> None:
        """With a webhook, an update counts as handed to the bot once its POST was answered
        2xx: everything below the oldest pending one."""
        if self.webhook is not None:
            self.fetched_upto = self.updates[0]["update_id"] - 1 if self.updates else \
                self.last_update_id

    # -- callbacks ----------------------------------------------------------------------
    def new_callback(self, user_id: int, msg: FakeMessage, data: str | None) -> str:
        self._callback_seq += 1
        query_id = f"{self.bot_id}{self._callback_seq:010d}"
        self.callbacks[query_id] = CallbackRecord(user_id, msg.chat_id, msg.message_id, data)
        return query_id

    def emit(self, kind: str, msg: FakeMessage | None = None, chat_id: int | None = None,
             **detail: Any) -> None:
        cid = msg.chat_id if msg is not None else chat_id
        self.events.append(Event(kind, cid, msg, detail))
