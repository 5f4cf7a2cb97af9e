"""Plain records the fake keeps: people, chats, messages, calls, events."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class FakeUser:
    user_id: int
    first_name: str = "Test"
    language_code: str | None = "ru"
    username: str | None = None
    last_name: str | None = None
    blocked: bool = False  # the person blocked the bot
    started: bool = False  # the person has written to the bot at least once

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.user_id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass
class Button:
    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass
class Topic:
    thread_id: int
    name: str
    icon_color: int
    icon_custom_emoji_id: str | None = None
    closed: bool = False
    deleted: bool = False

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "message_thread_id": self.thread_id,
            "name": self.name,
            "icon_color": self.icon_color,
        }
        if self.icon_custom_emoji_id:
            data["icon_custom_emoji_id"] = self.icon_custom_emoji_id
        return data


@dataclass
class Chat:
    chat_id: int
    type: str  # "private" | "group" | "supergroup"
    title: str | None = None
    is_forum: bool = False
    last_message_id: int = 0  # both sides share one counter per chat, as in Telegram
    topics: dict[int, Topic] = field(default_factory=dict)
    members: set[int] = field(default_factory=set)
    migrated_to: int | None = None  # set once a group became this supergroup
    pinned: list[int] = field(default_factory=list)  # pinned message ids, oldest first

    def as_json(self, users: dict[int, FakeUser]) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.chat_id, "type": self.type}
        if self.type == "private":
            user = users.get(self.chat_id)
            if user:
                data["first_name"] = user.first_name
                if user.last_name:
                    data["last_name"] = user.last_name
                if user.username:
                    data["username"] = user.username
        else:
            data["title"] = self.title or ""
            if self.is_forum:
                data["is_forum"] = True
        return data


@dataclass
class FakeMessage:
    """One message as a test sees it; `text` is the plain text (or caption)."""

    chat_id: int
    message_id: int
    from_bot: bool
    sender_id: int
    date: int
    kind: str  # "text", "photo", "sticker", ..., or "service"
    text: str = ""
    html: str = ""  # the raw text as sent, before parsing
    entities: list[dict[str, Any]] = field(default_factory=list)
    buttons: list[list[Button]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    thread_id: int | None = None
    deleted: bool = False
    edited: int = 0
    edit_date: int | None = None
    payload: dict[str, Any] = field(default_factory=dict)  # kind-specific Bot API fields
    extra: dict[str, Any] = field(default_factory=dict)  # forward_origin, reply_to, ...
    reactions: list[dict[str, Any]] = field(default_factory=list)  # the bot's ReactionTypes
    reaction_big: bool = False  # the bot's last setMessageReaction asked for a big animation

    @property
    def reaction_emojis(self) -> list[str]:
        """The emoji the bot currently reacts to this message with."""
        return [r["emoji"] for r in self.reactions if r.get("type") == "emoji"]

    @property
    def media_group_id(self) -> str | None:
        return self.extra.get("media_group_id")

    @property
    def reply_to(self) -> int | None:
        """The message id this one explicitly replies to (not a topic's root)."""
        return self.extra.get("reply_to_message_id")

    @property
    def labels(self) -> list[str]:
        return [b.text for row in self.buttons for b in row]

    @property
    def keyboard(self) -> list[list[str]]:
        """Labels of a reply (not inline) keyboard attached to the message."""
        rows = (self.reply_markup or {}).get("keyboard") or []
        return [[b if isinstance(b, str) else b.get("text", "") for b in row] for row in rows]


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    status: int
    description: str | None = None
    at: float = 0.0  # time.monotonic() when it finished


@dataclass
class Event:
    """A bot-side change, handed to listeners: send, edit, delete, answer, topic."""

    kind: str
    chat_id: int | None = None
    message: FakeMessage | None = None
    detail: dict[str, Any] = field(default_factory=dict)
