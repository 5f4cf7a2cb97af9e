"""What the person typed where no answer was expected, waiting for their press.

Such messages are not passed on by themselves (bot.handoff.talk): the bot answers with one calm
note that offers to send them to the defender. Until the person presses it, the messages are
kept in the dialog (FSM data, sealed at rest like every dialog) as Telegram sent them, without
the sender, so the press copies those very messages with the relay's own code. The list goes
when they are sent; it is replaced by the next note once this one is no longer the newest thing
in the chat (its button then answers "this button no longer works"); /forget and the dialog's
retention erase it with the rest of the dialog.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aiogram.types import Message

from storage.chat_log import ChatLogRepo

KEEP_AT_MOST = 10  # a few messages in a row; more would be a conversation, not a slip


def kept(message: Message) -> dict[str, Any]:
    """The message as the relay needs it later: its kind and content, its album and what it
    replies to; not who sent it."""
    data = message.model_dump(mode="json", exclude_none=True, by_alias=True,
                              exclude={"from_user", "reply_to_message"})
    if message.reply_to_message is not None:
        reply = message.reply_to_message
        data["reply_to_message"] = {"message_id": reply.message_id,
                                    "date": data["date"], "chat": data["chat"]}
    return data


@dataclass(frozen=True)
class Pending:
    note: int  # the message the bot's note is on
    messages: tuple[Mapping[str, Any], ...] = ()

    @property
    def ids(self) -> list[int]:
        return [int(m["message_id"]) for m in self.messages]

    def with_message(self, message: Message) -> Pending:
        return Pending(self.note, (*self.messages, kept(message))[-KEEP_AT_MOST:])

    def restored(self) -> list[Message]:
        return [Message.model_validate(m) for m in self.messages]

    def to_data(self) -> dict[str, Any]:
        return {"n": self.note, "m": list(self.messages)}

    @classmethod
    def from_data(cls, data: object) -> Pending | None:
        if not isinstance(data, Mapping):
            return None
        note, messages = data.get("n"), data.get("m")
        if not isinstance(note, int) or not isinstance(messages, list):
            return None
        return cls(note, tuple(m for m in messages
                               if isinstance(m, Mapping) and isinstance(m.get("message_id"), int)))


async def note_is_current(pending: Pending, message: Message, chat_log: ChatLogRepo) -> bool:
    """The note may be edited in place for one more message only while nothing but the
    person's own waiting messages came after it (the chat log holds both sides' ids): a screen
    or an answer since then would leave it somewhere above, out of sight."""
    allowed = {*pending.ids, message.message_id}
    later = [i for i in await chat_log.deletable(message.chat.id) if i > pending.note]
    return all(i in allowed for i in later)
