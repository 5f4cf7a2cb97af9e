"""What people do: write, send media, edit, press buttons. Each action becomes an Update."""

from __future__ import annotations

import re
from typing import Any

from .html import utf16_len
from .models import Chat, FakeMessage, FakeUser
from .payloads import CAPTION_KINDS, media_payload
from .world import World

# Telegram marks /commands at the start or after whitespace, with an optional @botname.
_COMMAND = re.compile(r"(?:(?<=\s)|^)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")


def command_entities(text: str) -> list[dict[str, Any]]:
    return [
        {"type": "bot_command", "offset": utf16_len(text[: m.start()]),
         "length": utf16_len(m.group())}
        for m in _COMMAND.finditer(text)
    ]


def _chat_for(w: World, user: FakeUser, chat_id: int | None, thread_id: int | None) -> Chat:
    chat = w.chats.get(user.user_id if chat_id is None else chat_id)
    if chat is None:
        raise KeyError(f"chat {chat_id} does not exist; create it with add_forum_group()")
    if chat.type == "private" and chat.chat_id != user.user_id:
        raise ValueError(f"user {user.user_id} can't write in someone else's private chat")
    if thread_id is not None:
        topic = chat.topics.get(thread_id)
        if topic is None or topic.deleted:
            raise KeyError(f"topic {thread_id} does not exist in chat {chat.chat_id}")
    if chat.type == "private":
        user.started = True  # any message in the private chat lets the bot answer
    else:
        chat.members.add(user.user_id)
    return chat


def send_text(w: World, user: FakeUser, text: str, chat_id: int | None,
              thread_id: int | None) -> dict[str, Any]:
    if not text.strip():
        raise ValueError("Telegram clients don't send empty messages")
    if utf16_len(text) > 4096:
        raise ValueError("Telegram clients split texts longer than 4096 characters")
    chat = _chat_for(w, user, chat_id, thread_id)
    msg = w.add_message(chat, from_bot=False, sender_id=user.user_id, kind="text", text=text,
                        html=text, entities=command_entities(text), thread_id=thread_id)
    return _publish(w, "message", msg)


def send_media(w: World, user: FakeUser, kind: str, caption: str | None, chat_id: int | None,
               thread_id: int | None) -> dict[str, Any]:
    payload = media_payload(kind, user=user.as_json())  # validates kind first
    if caption and kind not in CAPTION_KINDS:
        raise ValueError(f"{kind} messages have no caption")
    chat = _chat_for(w, user, chat_id, thread_id)
    msg = w.add_message(chat, from_bot=False, sender_id=user.user_id, kind=kind,
                        text=caption or "", html=caption or "", thread_id=thread_id,
                        payload=payload)
    return _publish(w, "message", msg)


def edit_text(w: World, user: FakeUser, message_id: int, new_text: str,
              chat_id: int | None) -> dict[str, Any]:
    msg = w.find(user.user_id if chat_id is None else chat_id, message_id)
    if msg is None or msg.from_bot or msg.sender_id != user.user_id or msg.kind != "text":
        raise LookupError(f"user {user.user_id} has no text message {message_id} to edit")
    msg.text = msg.html = new_text
    msg.entities = command_entities(new_text)
    msg.edited += 1
    msg.edit_date = w.now()
    return _publish(w, "edited_message", msg)


def press(w: World, user: FakeUser, message_id: int, data: str | None,
          chat_id: int | None) -> str:
    cid = user.user_id if chat_id is None else chat_id
    msg = w.find(cid, message_id)
    if msg is None:
        raise LookupError(f"no message {message_id} in chat {cid} to press a button on")
    if w.chats[cid].type == "private":
        user.started = True
    query_id = w.new_callback(user.user_id, msg, data)
    query: dict[str, Any] = {
        "id": query_id,
        "from": user.as_json(),
        "message": w.message_json(msg),
        "chat_instance": str(abs(cid) * 7919 % 10**12),
    }
    if data is not None:
        query["data"] = data
    w.push_update("callback_query", query)
    return query_id


def set_blocked(w: World, user: FakeUser, blocked: bool) -> None:
    """Block or unblock; Telegram tells the bot with a my_chat_member update."""
    if user.blocked == blocked:
        return
    user.blocked = blocked
    bot = w.bot_json()
    old, new = ("member", "kicked") if blocked else ("kicked", "member")
    w.push_update("my_chat_member", {
        "chat": w.chats[user.user_id].as_json(w.users),
        "from": user.as_json(),
        "date": w.now(),
        "old_chat_member": _member(old, bot),
        "new_chat_member": _member(new, bot),
    })


def _member(status: str, user: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"status": status, "user": user}
    if status == "kicked":
        data["until_date"] = 0
    return data


def _publish(w: World, kind: str, msg: FakeMessage) -> dict[str, Any]:
    data = w.message_json(msg)
    w.push_update(kind, data)
    return data
