"""Refuses updates no real Telegram client could have sent, before anything else touches them.

The first of our outer middlewares (after aiogram's own: errors, user context). A refused
update is dropped calmly: no reply, no Bot API call, one log line that says why, with no ids
and no contents. What is refused:

- an id out of Telegram's range anywhere in the update: a user's id (1 ≤ id < 2**52), a chat's
  (private chats as users; groups and channels negative, |id| < 2**53, room for -100…), message,
  topic and reply ids, the update's own id; and any integer at all of 2**63 or more, which
  would overflow an SQLite INTEGER somewhere downstream;
- in a private chat, a sender that is a bot, or anyone but the chat's own person (a bot's
  messages never reach another bot; a forged sender would act on someone else's dialog).
  In groups a bot sender passes: the group's anonymous admin writes as a bot account
  (bot/pipeline/members.py);
- a button press on a message in a private chat that is not the presser's own chat: answering
  it would edit another person's screen;
- a text or caption longer than Telegram allows (4096 UTF-16 units; clients split longer
  texts): echoing it anywhere would be refused.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Chat, TelegramObject, Update, User
from pydantic import BaseModel

from bot.kit.text import TEXT_LIMIT  # a caption too, with Premium
from dialogs.loggable import Safe

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]

USER_LIMIT = 2**52  # Telegram's user ids (and basic groups' negated) fit in 52 bits
CHAT_LIMIT = 2**53  # supergroups and channels: -100… ids, still within 53 bits
SQLITE_LIMIT = 2**63  # an SQLite INTEGER is signed 64-bit
MESSAGE_LIMIT = 2**52  # message, topic and update ids
# Integer fields holding a message or topic id, wherever they appear.
MESSAGE_ID_FIELDS = frozenset({
    "message_id", "message_thread_id", "reply_to_message_id", "pinned_message_id",
    "migrate_to_message_id", "forward_from_message_id", "direct_messages_topic_id",
})
CHAT_ID_FIELDS = frozenset({"chat_id", "migrate_to_chat_id", "migrate_from_chat_id",
                            "sender_chat_id", "forward_from_chat_id"})
USER_ID_FIELDS = frozenset({"user_id"})
NAMED_FIELDS = MESSAGE_ID_FIELDS | CHAT_ID_FIELDS | USER_ID_FIELDS
_MAX_NODES = 200_000  # values in one update; far more than Telegram ever sends
TEXT_FIELDS = frozenset({"text", "caption"})


def _user_ok(user_id: int) -> bool:
    return 0 < user_id < USER_LIMIT


def _chat_ok(chat_id: int, chat_type: str | None) -> bool:
    if chat_type == "private":
        return _user_ok(chat_id)
    if chat_type == "group":
        return -USER_LIMIT < chat_id < 0
    return -CHAT_LIMIT < chat_id < 0  # supergroup, channel, or a type Telegram adds later


def _field_ok(name: str, value: int) -> bool:
    if not -SQLITE_LIMIT < value < SQLITE_LIMIT:
        return False
    if name in MESSAGE_ID_FIELDS:
        return 0 < value < MESSAGE_LIMIT
    if name in CHAT_ID_FIELDS:
        return -CHAT_LIMIT < value < CHAT_LIMIT and value != 0
    if name in USER_ID_FIELDS:
        return _user_ok(value)
    return True


def _children(node: object) -> list[tuple[str, object]]:
    if isinstance(node, BaseModel):
        items = [(k, v) for k, v in node.__dict__.items() if v is not None]
        if node.__pydantic_extra__:
            items.extend(node.__pydantic_extra__.items())
        return items
    if isinstance(node, dict):
        return [(str(k), v) for k, v in node.items()]
    if isinstance(node, list | tuple):
        return [("", v) for v in node]
    return []


def ids_problem(update: Update) -> str | None:
    """Why the ids in this update cannot be Telegram's, or None. Walks the whole update (known
    fields and unknown extras alike) without recursion, so no nesting can exhaust the stack."""
    if not 0 <= update.update_id < MESSAGE_LIMIT:
        return "update id out of range"
    stack: list[tuple[str, object]] = [("", update)]
    seen = 0
    while stack:
        name, node = stack.pop()
        seen += 1
        if seen > _MAX_NODES:
            return "update too large"
        if isinstance(node, str):
            if name in TEXT_FIELDS and len(node) > TEXT_LIMIT // 2 and \
                    len(node.encode("utf-16-le")) > 2 * TEXT_LIMIT:
                return f"{name} too long"
            continue
        if isinstance(node, bool | float):
            continue
        if isinstance(node, int):
            if not _field_ok(name, node):  # name only what we know: keys can be anything
                return f"{name if name in NAMED_FIELDS else 'a number'} out of range"
            continue
        if isinstance(node, User) and not _user_ok(node.id):
            return "user id out of range"
        if isinstance(node, Chat) and not _chat_ok(node.id, node.type):
            return "chat id out of range"
        for key, child in _children(node):
            if child is None or (key == "id" and isinstance(node, User | Chat)):
                continue  # ids of users and chats are checked above, by kind
            if isinstance(child, int) and not isinstance(child, bool) and key == "":
                child_name = name  # items of a list of ids keep the list's name
            else:
                child_name = key
            stack.append((child_name, child))
    return None


def sender_problem(update: Update, user: User | None, chat: Chat | None,
                   business: bool = False) -> str | None:
    """Who sent it, where: bots and strangers have no place in a person's private chat."""
    query = update.callback_query
    if query is not None and query.message is not None:
        where = query.message.chat
        if where.type == "private" and where.id != query.from_user.id:
            return "button pressed in another person's chat"
    if chat is None or chat.type != "private" or business:
        return None
    if user is None:
        return "no sender in a private chat"
    if user.is_bot:
        return "bot sender"
    if user.id != chat.id:
        return "sender is not the private chat's person"
    return None


class Guard(BaseMiddleware):
    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if isinstance(event, Update):
            context = data.get("event_context")
            business = getattr(context, "business_connection_id", None) is not None
            problem = ids_problem(event) or sender_problem(
                event, data.get("event_from_user"), data.get("event_chat"), business)
            if problem is not None:
                log.warning("refused an update: %s", Safe(problem))
                return None
        return await handler(event, data)
