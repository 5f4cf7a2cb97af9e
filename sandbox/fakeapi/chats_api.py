"""Bot API methods about the bot itself, chats, members, commands and forum topics."""

from __future__ import annotations

import re
from typing import Any

from .errors import bad_request, migrated
from .models import Chat, Topic
from .params import Params
from .registry import method
from .webhook import refuse_polling
from .world import World

TOPIC_COLORS = frozenset({7322096, 16766590, 13338331, 9367192, 16749490, 16478047})
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_ADMIN_RIGHTS = (
    "can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages",
    "can_manage_video_chats", "can_restrict_members", "can_promote_members", "can_change_info",
    "can_invite_users", "can_post_stories", "can_edit_stories", "can_delete_stories",
    "can_send_welcome_messages", "can_pin_messages", "can_manage_topics",
)

# A restricted member's permissions; the fake restricts everything.
_RESTRICTED_RIGHTS = (
    "can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos",
    "can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_send_polls",
    "can_send_other_messages", "can_add_web_page_previews", "can_react_to_messages",
    "can_edit_tag", "can_change_info", "can_invite_users", "can_pin_messages",
    "can_manage_topics",
)


@method("getMe")
def get_me(w: World, p: Params) -> dict[str, Any]:
    return {**w.bot_json(), "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": False, "can_connect_to_business": False,
            "has_main_web_app": False}


@method("getUpdates")
def get_updates(w: World, p: Params) -> list[dict[str, Any]]:
    """The non-waiting part; the server adds long polling around it."""
    refuse_polling(w)  # 409 while a webhook is set
    allowed = p.obj("allowed_updates")
    return w.take_updates(p.integer("offset"), p.integer("limit", 100) or 100,
                          allowed if isinstance(allowed, list) else None)


@method("close")
def close(w: World, p: Params) -> bool:
    return True


@method("logOut")
def log_out(w: World, p: Params) -> bool:
    return True


def _scope_key(w: World, p: Params) -> tuple[Any, ...]:
    scope = p.obj("scope") or {"type": "default"}
    if not isinstance(scope, dict) or "type" not in scope:
        raise bad_request("can't parse BotCommandScope JSON object")
    language = p.text("language_code") or ""
    if language and not re.fullmatch(r"[a-z]{2}", language):
        raise bad_request("invalid language code specified")
    chat_id = scope.get("chat_id")
    if chat_id is not None:
        w.chat(int(chat_id))
    return (scope["type"], chat_id, scope.get("user_id"), language)


@method("setMyCommands")
def set_my_commands(w: World, p: Params) -> bool:
    commands = p.obj("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON array")
    for command in commands:
        if not _COMMAND.match(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    clean = [{"command": c["command"], "description": c["description"]} for c in commands]
    w.commands[_scope_key(w, p)] = clean
    return True


@method("getMyCommands")
def get_my_commands(w: World, p: Params) -> list[dict[str, Any]]:
    return list(w.commands.get(_scope_key(w, p), []))


@method("deleteMyCommands")
def delete_my_commands(w: World, p: Params) -> bool:
    w.commands.pop(_scope_key(w, p), None)
    return True


@method("getChat")
def get_chat(w: World, p: Params) -> dict[str, Any]:
    chat = w.chat(p.chat_id())
    data = {**chat.as_json(w.users), "accent_color_id": 0, "max_reaction_count": 11,
            "accepted_gift_types": {"unlimited_gifts": False, "limited_gifts": False,
                                    "unique_gifts": False, "premium_subscription": False,
                                    "gifts_from_channels": False}}
    pinned = _pinned(w, chat)
    if pinned:  # the most recent pinned message, as ChatFullInfo.pinned_message
        data["pinned_message"] = w.message_json(pinned[-1], nested=True)
    return data


def member_json(w: World, chat: Chat, user_id: int) -> dict[str, Any]:
    if user_id == w.bot_id:
        user = w.bot_json()
        status = "member" if chat.type == "private" else "administrator"
    else:
        if user_id not in w.users:
            raise bad_request("user not found")
        user = w.users[user_id].as_json()
        if chat.type == "private":
            status = "member" if user_id == chat.chat_id else "left"
        else:
            default = "member" if user_id in chat.members else "left"
            status = w.member_status.get((chat.chat_id, user_id), default)
    data: dict[str, Any] = {"status": status, "user": user}
    if status == "administrator":
        data.update(dict.fromkeys(_ADMIN_RIGHTS, True), can_be_edited=False,
                    is_anonymous=False)
    elif status == "creator":
        data["is_anonymous"] = False
    elif status == "kicked":
        data["until_date"] = 0
    elif status == "restricted":
        data.update(dict.fromkeys(_RESTRICTED_RIGHTS, False), is_member=user_id in chat.members,
                    until_date=0)
    return data


@method("getChatMember")
def get_chat_member(w: World, p: Params) -> dict[str, Any]:
    chat = w.chat(p.chat_id())
    return member_json(w, chat, p.require_int("user_id", "user not found"))


# -- forum topics -----------------------------------------------------------------------
def _forum(w: World, p: Params) -> Chat:
    chat = w.chat(p.chat_id())
    if chat.migrated_to is not None:  # Telegram names the new id before anything else
        raise migrated(chat.migrated_to)
    if not chat.is_forum:
        raise bad_request("the chat is not a forum")
    return chat


def _topic(chat: Chat, p: Params) -> Topic:
    topic = chat.topics.get(p.integer("message_thread_id") or 0)
    if topic is None or topic.deleted:
        raise bad_request("TOPIC_ID_INVALID")
    return topic


def _service(w: World, chat: Chat, thread_id: int | None, payload: dict[str, Any]) -> None:
    msg = w.add_message(chat, from_bot=True, sender_id=w.bot_id, kind="service",
                        thread_id=thread_id, payload=payload)
    w.emit("topic", msg)


@method("createForumTopic")
def create_forum_topic(w: World, p: Params) -> dict[str, Any]:
    chat = _forum(w, p)
    name = (p.text("name") or "").strip()
    if not name:
        raise bad_request("TOPIC_TITLE_EMPTY")
    if len(name) > 128:
        raise bad_request("TOPIC_TITLE_TOO_LONG")
    color = p.integer("icon_color", 7322096) or 7322096
    if color not in TOPIC_COLORS:
        raise bad_request("TOPIC_ICON_COLOR_INVALID")
    # The topic id is the id of its "topic created" service message.
    thread_id = chat.last_message_id + 1
    topic = Topic(thread_id, name, color, p.text("icon_custom_emoji_id"))
    chat.topics[thread_id] = topic
    _service(w, chat, thread_id, {"forum_topic_created": {"name": name, "icon_color": color}})
    return topic.as_json()


@method("editForumTopic")
def edit_forum_topic(w: World, p: Params) -> bool:
    topic = _topic(chat := _forum(w, p), p)
    name = p.text("name")
    emoji = p.text("icon_custom_emoji_id")
    if (name is None or name == topic.name) and (emoji is None or emoji ==
                                                 topic.icon_custom_emoji_id):
        raise bad_request("TOPIC_NOT_MODIFIED")
    edited: dict[str, Any] = {}
    if name is not None:
        if not name.strip() or len(name) > 128:
            raise bad_request("TOPIC_TITLE_EMPTY")
        topic.name = edited["name"] = name
    if emoji is not None:
        topic.icon_custom_emoji_id = edited["icon_custom_emoji_id"] = emoji
    _service(w, chat, topic.thread_id, {"forum_topic_edited": edited})
    return True


def _set_closed(w: World, p: Params, closed: bool) -> bool:
    topic = _topic(chat := _forum(w, p), p)
    if topic.closed == closed:
        raise bad_request("TOPIC_NOT_MODIFIED")
    topic.closed = closed
    key = "forum_topic_closed" if closed else "forum_topic_reopened"
    _service(w, chat, topic.thread_id, {key: {}})
    return True


@method("closeForumTopic")
def close_forum_topic(w: World, p: Params) -> bool:
    return _set_closed(w, p, True)


@method("reopenForumTopic")
def reopen_forum_topic(w: World, p: Params) -> bool:
    return _set_closed(w, p, False)


@method("deleteForumTopic")
def delete_forum_topic(w: World, p: Params) -> bool:
    topic = _topic(chat := _forum(w, p), p)
    topic.deleted = True
    for msg in w.iter_messages(chat.chat_id):
        if msg.thread_id == topic.thread_id and not msg.deleted:
            msg.deleted = True
            w.emit("delete", msg)
    return True


# -- pinned messages ----------------------------------------------------------------------
# A chat keeps a list of pinned messages (getChat shows the latest). Pinning posts a service
# message with `pinned_message` in the chat, in the topic of the pinned message in a forum
# (`disable_notification` only spares members the notification; the service message is posted
# either way). The bot is taken to hold the right to pin, as it is taken to manage topics.
def _pinned(w: World, chat: Chat) -> list[Any]:
    return [m for i in chat.pinned if (m := w.find(chat.chat_id, i)) is not None]


@method("pinChatMessage")
def pin_chat_message(w: World, p: Params) -> bool:
    chat = w.chat(p.chat_id())
    if chat.migrated_to is not None:
        raise migrated(chat.migrated_to)
    message_id = p.require_int("message_id", "message identifier is not specified")
    msg = w.find(chat.chat_id, message_id)
    if msg is None or msg.kind == "service":
        raise bad_request("message to pin not found")
    if message_id in chat.pinned:  # the fake's reading: pinned again is the latest, no post
        chat.pinned.remove(message_id)
        chat.pinned.append(message_id)
        return True
    chat.pinned.append(message_id)
    _service(w, chat, msg.thread_id, {"pinned_message": w.message_json(msg, nested=True)})
    return True

