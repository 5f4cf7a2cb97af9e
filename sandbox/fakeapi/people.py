"""What people do: write, send media and albums, reply, edit, press buttons, upgrade groups.
Each action becomes an Update."""

from __future__ import annotations

import copy
import re
from typing import Any

from .html import utf16_len
from .models import Chat, FakeMessage, FakeUser
from .payloads import (
    CAPTION_KINDS,
    KIND_ALIASES,
    album_kinds_error,
    media_payload,
    new_media_group_id,
)
from .world import GROUP_ANONYMOUS_BOT, World

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
    if chat.migrated_to is not None:
        raise ValueError(f"chat {chat.chat_id} became supergroup {chat.migrated_to}")
    if thread_id is not None:
        _check_topic(w, chat, user, thread_id)
    if chat.type == "private":
        user.started = True  # any message in the private chat lets the bot answer
    else:
        chat.members.add(user.user_id)
    return chat


def _check_topic(w: World, chat: Chat, user: FakeUser, thread_id: int) -> None:
    topic = chat.topics.get(thread_id)
    if topic is None or topic.deleted:
        raise KeyError(f"topic {thread_id} does not exist in chat {chat.chat_id}")
    status = w.member_status.get((chat.chat_id, user.user_id))
    if topic.closed and status not in ("administrator", "creator"):
        raise ValueError(f"topic {thread_id} is closed: only admins can write in it")


def _reply(w: World, chat: Chat, user: FakeUser, thread_id: int | None, reply_to: int | None,
           ) -> tuple[int | None, dict[str, Any]]:
    """(thread, extra fields) for a message answering `reply_to`: it lands in that topic."""
    if reply_to is None:
        return thread_id, {}
    target = w.find(chat.chat_id, reply_to)
    if target is None:
        raise LookupError(f"no message {reply_to} in chat {chat.chat_id} to reply to")
    if chat.is_forum and thread_id is not None and target.thread_id != thread_id:
        raise ValueError(f"message {reply_to} is not in topic {thread_id}")
    if chat.is_forum and target.thread_id is not None:
        _check_topic(w, chat, user, target.thread_id)
        thread_id = target.thread_id
    return thread_id, {"reply_to_message_id": reply_to}


def send_text(w: World, user: FakeUser, text: str, chat_id: int | None,
              thread_id: int | None, reply_to: int | None = None) -> dict[str, Any]:
    if not text.strip():
        raise ValueError("Telegram clients don't send empty messages")
    if utf16_len(text) > 4096:
        raise ValueError("Telegram clients split texts longer than 4096 characters")
    chat = _chat_for(w, user, chat_id, thread_id)
    thread_id, extra = _reply(w, chat, user, thread_id, reply_to)
    msg = w.add_message(chat, from_bot=False, sender_id=user.user_id, kind="text", text=text,
                        html=text, entities=command_entities(text), thread_id=thread_id,
                        extra=extra)
    return _publish(w, "message", msg)


def set_auto_delete(w: World, user: FakeUser, seconds: int) -> dict[str, Any]:
    """The person sets their private chat's auto-delete timer (0: off): Telegram tells the bot
    with a service message from the person."""
    chat = _chat_for(w, user, None, None)
    msg = w.add_message(chat, from_bot=False, sender_id=user.user_id, kind="service",
                        payload={"message_auto_delete_timer_changed":
                                 {"message_auto_delete_time": seconds}})
    return _publish(w, "message", msg)


def send_media(w: World, user: FakeUser, kind: str, caption: str | None, chat_id: int | None,
               thread_id: int | None, reply_to: int | None = None,
               content: bytes | None = None) -> dict[str, Any]:
    """`content`: the file's bytes, which the bot can then getFile and download (without it
    the file is made up, and getFile does not know it)."""
    payload = media_payload(kind, user=user.as_json())  # validates kind first
    if content is not None:
        _keep_contents(w, kind, payload, content)
    if caption and kind not in CAPTION_KINDS:
        raise ValueError(f"{kind} messages have no caption")
    _check_caption(caption)
    chat = _chat_for(w, user, chat_id, thread_id)
    thread_id, extra = _reply(w, chat, user, thread_id, reply_to)
    msg = w.add_message(chat, from_bot=False, sender_id=user.user_id,
                        kind=KIND_ALIASES.get(kind, kind), text=caption or "",
                        html=caption or "", thread_id=thread_id, payload=payload, extra=extra)
    return _publish(w, "message", msg)


def _keep_contents(w: World, kind: str, payload: dict[str, Any], content: bytes) -> None:
    from .files_api import store_file

    found = payload[kind]
    main = found[-1] if isinstance(found, list) else found  # a photo's largest size is last
    store_file(w, kind, content, str(main.get("file_name") or f"{kind}.bin"),
               str(main.get("mime_type") or "application/octet-stream"), main["file_id"])
    main["file_size"] = len(content)


def send_document(w: World, user: FakeUser, file_name: str, content: bytes,
                  caption: str | None, mime_type: str, chat_id: int | None,
                  thread_id: int | None) -> dict[str, Any]:
    """A file with real contents, which the bot can fetch with getFile and download."""
    from .files_api import store_file

    _check_caption(caption)
    chat = _chat_for(w, user, chat_id, thread_id)
    stored = store_file(w, "document", content, file_name, mime_type)
    payload = {"document": {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                            "file_size": len(stored.content), "file_name": file_name,
                            "mime_type": mime_type}}
    msg = w.add_message(chat, from_bot=False, sender_id=user.user_id, kind="document",
                        text=caption or "", html=caption or "",
                        entities=command_entities(caption or ""), thread_id=thread_id,
                        payload=payload)
    return _publish(w, "message", msg)


def send_location(w: World, user: FakeUser, latitude: float, longitude: float,
                  chat_id: int | None, thread_id: int | None) -> dict[str, Any]:
    """A point on the map (as "share my location" or the attachment menu sends it)."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError("Telegram clients send latitudes in [-90, 90], longitudes in "
                         "[-180, 180]")
    chat = _chat_for(w, user, chat_id, thread_id)
    msg = w.add_message(chat, from_bot=False, sender_id=user.user_id, kind="location",
                        thread_id=thread_id,
                        payload={"location": {"latitude": latitude, "longitude": longitude}})
    return _publish(w, "message", msg)


def send_album(w: World, user: FakeUser, kinds: list[str], captions: list[str | None] | None,
               chat_id: int | None, thread_id: int | None) -> list[dict[str, Any]]:
    """2–10 media messages sharing one media_group_id, each its own `message` update."""
    reason = album_kinds_error(list(kinds))
    if reason:
        raise ValueError(f"Telegram clients can't send this album: {reason}")
    texts = list(captions) if captions is not None else [None] * len(kinds)
    if len(texts) != len(kinds):
        raise ValueError("give one caption (or None) per album item")
    for caption in texts:
        _check_caption(caption)
    chat = _chat_for(w, user, chat_id, thread_id)
    group_id = new_media_group_id()
    sent = []
    for kind, caption in zip(kinds, texts, strict=True):
        msg = w.add_message(chat, from_bot=False, sender_id=user.user_id, kind=kind,
                            text=caption or "", html=caption or "", thread_id=thread_id,
                            payload=media_payload(kind), extra={"media_group_id": group_id})
        sent.append(_publish(w, "message", msg))
    return sent


def _check_caption(caption: str | None) -> None:
    if caption and utf16_len(caption) > 1024:
        raise ValueError("Telegram clients don't send captions longer than 1024 characters")


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


def edit_caption(w: World, user: FakeUser, message_id: int, new_caption: str,
                 chat_id: int | None) -> dict[str, Any]:
    msg = w.find(user.user_id if chat_id is None else chat_id, message_id)
    if msg is None or msg.from_bot or msg.sender_id != user.user_id or \
            msg.kind not in CAPTION_KINDS:
        raise LookupError(f"user {user.user_id} has no media message {message_id} with a "
                          "caption to edit")
    _check_caption(new_caption)
    msg.text = msg.html = new_caption
    msg.entities = []
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


def migrate_group(w: World, old_chat_id: int, new_chat_id: int, by: FakeUser | None,
                  forum: bool = False) -> dict[str, Any]:
    """A group becomes a supergroup: members, statuses and topics move to the new id, the old
    id answers every send with migrate_to_chat_id, and both chats get their service message.
    `forum`: the upgrade came from turning Topics on, so the supergroup is a forum."""
    old = w.chats.get(old_chat_id)
    if old is None or old.type == "private":
        raise KeyError(f"group {old_chat_id} does not exist; create it with add_basic_group()")
    if old.migrated_to is not None or new_chat_id in w.chats:
        raise ValueError(f"group {old_chat_id} can't become {new_chat_id}: already used")
    new = _supergroup_copy(w, old, new_chat_id)
    new.is_forum = new.is_forum or forum
    upgrader = _upgrader(w, old, by)
    anonymous = upgrader == GROUP_ANONYMOUS_BOT["id"]
    migrated_to = w.add_message(
        old, from_bot=False, sender_id=upgrader, kind="service",
        payload={"migrate_to_chat_id": new_chat_id},
        extra={"sender_chat": old.as_json(w.users)} if anonymous else {})
    old.migrated_to = new_chat_id
    migrated_from = w.add_message(
        new, from_bot=False, sender_id=GROUP_ANONYMOUS_BOT["id"], kind="service",
        payload={"migrate_from_chat_id": old_chat_id},
        extra={"sender_chat": new.as_json(w.users)})
    _publish(w, "message", migrated_to)
    _publish(w, "message", migrated_from)
    return new.as_json(w.users)


def _supergroup_copy(w: World, old: Chat, new_chat_id: int) -> Chat:
    new = Chat(new_chat_id, "supergroup", old.title, old.is_forum,
               topics={k: copy.copy(t) for k, t in old.topics.items()},
               members=set(old.members))
    new.last_message_id = max(new.topics, default=0)  # new topics get fresh ids
    w.chats[new_chat_id] = new
    for (chat_id, user_id), status in list(w.member_status.items()):
        if chat_id == old.chat_id:
            w.member_status[(new_chat_id, user_id)] = status
    return new


def _upgrader(w: World, chat: Chat, by: FakeUser | None) -> int:
    """Who pressed "upgrade": the given person, else the group's creator, else an admin."""
    if by is not None:
        return by.user_id
    for wanted in ("creator", "administrator"):
        for (chat_id, user_id), status in w.member_status.items():
            if chat_id == chat.chat_id and status == wanted and user_id in w.users:
                return user_id
    return GROUP_ANONYMOUS_BOT["id"]


def _member(status: str, user: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"status": status, "user": user}
    if status == "kicked":
        data["until_date"] = 0
    return data


def _publish(w: World, kind: str, msg: FakeMessage) -> dict[str, Any]:
    data = w.message_json(msg)
    w.push_update(kind, data)
    return data
