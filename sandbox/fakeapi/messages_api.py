"""Bot API methods that create, change or remove messages."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .errors import bad_request
from .markup import parse_markup
from .models import Chat, FakeMessage
from .params import Params
from .payloads import new_media_group_id
from .registry import method
from .world import DELETE_WINDOW, World

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note",
})


@method("sendMessage")
def send_message(w: World, p: Params) -> dict[str, Any]:
    chat = w.chat_for_send(p.chat_id())
    thread_id = w.thread_for_send(chat, p)
    text = w.format_text(p, "text")
    markup, buttons = parse_markup(p.obj("reply_markup"))
    reply_to = w.reply_target(chat, p)
    thread_id = w.reply_thread(chat, thread_id, reply_to)
    w.check_rate(chat)
    msg = w.add_message(
        chat, from_bot=True, sender_id=w.bot_id, kind="text", text=text.plain, html=text.raw,
        entities=text.entities, buttons=buttons, reply_markup=markup, thread_id=thread_id,
        extra={"reply_to_message_id": reply_to} if reply_to else {},
    )
    w.emit("send", msg)
    return w.message_json(msg)


def _editable(w: World, p: Params) -> FakeMessage:
    if "inline_message_id" in p:
        raise bad_request("inline messages are not supported by the fake API")
    chat = w.chat_for_send(p.chat_id())
    message_id = p.require_int("message_id", "message identifier is not specified")
    msg = w.find(chat.chat_id, message_id)
    if msg is None:
        raise bad_request("message to edit not found")
    if not msg.from_bot:
        raise bad_request("message can't be edited")
    return msg


def _finish_edit(w: World, msg: FakeMessage) -> dict[str, Any]:
    msg.edited += 1
    msg.edit_date = w.now()
    w.emit("edit", msg)
    return w.message_json(msg)


def _edit_content(w: World, p: Params, field: str) -> dict[str, Any]:
    """editMessageText / editMessageCaption: the same rules, on the text or on the caption."""
    msg = _editable(w, p)
    if field == "text" and msg.kind != "text":
        raise bad_request("there is no text in the message to edit")
    if field == "caption" and msg.kind in ("text", "service"):
        raise bad_request("there is no caption in the message to edit")
    text = w.format_text(p, field, caption=field == "caption")
    # Omitting reply_markup removes the keyboard, as in Telegram.
    markup, buttons = parse_markup(p.obj("reply_markup"))
    if (text.plain, text.entities, markup) == (msg.text, msg.entities, msg.reply_markup):
        raise bad_request(NOT_MODIFIED)
    msg.text, msg.html, msg.entities = text.plain, text.raw, text.entities
    msg.reply_markup, msg.buttons = markup, buttons
    return _finish_edit(w, msg)


@method("editMessageText")
def edit_message_text(w: World, p: Params) -> dict[str, Any]:
    return _edit_content(w, p, "text")


@method("editMessageCaption")
def edit_message_caption(w: World, p: Params) -> dict[str, Any]:
    return _edit_content(w, p, "caption")


@method("editMessageReplyMarkup")
def edit_message_reply_markup(w: World, p: Params) -> dict[str, Any]:
    msg = _editable(w, p)
    markup, buttons = parse_markup(p.obj("reply_markup"))
    if markup == msg.reply_markup:
        raise bad_request(NOT_MODIFIED)
    msg.reply_markup, msg.buttons = markup, buttons
    return _finish_edit(w, msg)


def _delete(w: World, chat: Chat, message_id: int) -> str | None:
    """Delete one message; return Telegram's reason if it can't be."""
    msg = w.find(chat.chat_id, message_id)
    if msg is None:
        return "message to delete not found"
    if w.now() - msg.date > DELETE_WINDOW or "forum_topic_created" in msg.payload:
        return "message can't be deleted"
    msg.deleted = True
    w.emit("delete", msg)
    return None


@method("deleteMessage")
def delete_message(w: World, p: Params) -> bool:
    chat = w.chat(p.chat_id())
    reason = _delete(w, chat, p.require_int("message_id", "message identifier is not specified"))
    if reason:
        raise bad_request(reason)
    return True


@method("deleteMessages")
def delete_messages(w: World, p: Params) -> bool:
    chat = w.chat(p.chat_id())
    ids = p.obj("message_ids")
    if not isinstance(ids, list) or not ids:
        raise bad_request("message identifiers are not specified")
    if len(ids) > 100:
        raise bad_request("too many message identifiers specified")
    for message_id in ids:
        _delete(w, chat, int(message_id))  # missing or undeletable ones are skipped
    return True


@method("answerCallbackQuery")
def answer_callback_query(w: World, p: Params) -> bool:
    query_id = p.text("callback_query_id") or ""
    record = w.callbacks.get(query_id)
    if record is None or record.answered:
        raise bad_request(
            "query is too old and response timeout expired or query ID is invalid"
        )
    text = p.text("text")
    if text and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    record.answered = True
    answer = {"text": text, "show_alert": p.flag("show_alert"), "url": p.text("url"),
              "cache_time": p.integer("cache_time", 0), "user_id": record.user_id,
              "message_id": record.message_id}
    w.callback_answers[query_id] = {**answer, "chat_id": record.chat_id}
    w.emit("answer", chat_id=record.chat_id, query_id=query_id, **answer)
    return True


@method("sendChatAction")
def send_chat_action(w: World, p: Params) -> bool:
    chat = w.chat_for_send(p.chat_id())
    w.thread_for_send(chat, p)
    if p.text("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


def can_forward(msg: FakeMessage) -> bool:
    return msg.kind != "service"


def can_copy(msg: FakeMessage) -> bool:
    """Telegram copies any content message (dice included) but no service message, and a quiz
    only if its correct option is known to the bot."""
    if msg.kind == "service":
        return False
    poll = msg.payload.get("poll") or {}
    return not (poll.get("type") == "quiz" and "correct_option_id" not in poll)


def _copy(w: World, source: FakeMessage, chat: Chat, thread_id: int | None, p: Params,
          forward: bool, group_id: str | None = None, reply_to: int | None = None,
          ) -> FakeMessage:
    if not (can_forward(source) if forward else can_copy(source)):
        raise bad_request("message can't be forwarded" if forward else "message can't be copied")
    text, html, entities = source.text, source.html, source.entities
    markup, buttons = None, []
    extra: dict[str, Any] = {"media_group_id": group_id} if group_id else {}
    if reply_to:
        extra["reply_to_message_id"] = reply_to
    if forward:
        origin_user = w.bot_json() if source.from_bot else w.users[source.sender_id].as_json()
        extra["forward_origin"] = {"type": "user", "date": source.date,
                                   "sender_user": origin_user}
    else:
        if "caption" in p and source.kind != "text":
            caption = w.format_text(p, "caption", caption=True)
            text, html, entities = caption.plain, caption.raw, caption.entities
        markup, buttons = parse_markup(p.obj("reply_markup"))
    w.check_rate(chat)
    msg = w.add_message(
        chat, from_bot=True, sender_id=w.bot_id, kind=source.kind, text=text, html=html,
        entities=list(entities), buttons=buttons, reply_markup=markup, thread_id=thread_id,
        payload=dict(source.payload), extra=extra,
    )
    w.emit("send", msg)
    return msg


def _source(w: World, p: Params, message_id: int, verb: str) -> FakeMessage:
    from_chat = w.chat(p.chat_id("from_chat_id"))
    source = w.find(from_chat.chat_id, message_id)
    if source is None:
        raise bad_request(f"message to {verb} not found")
    return source


def _one(w: World, p: Params, forward: bool) -> FakeMessage:
    """copyMessage / forwardMessage: one message into another chat (or topic)."""
    chat = w.chat_for_send(p.chat_id())
    thread_id = w.thread_for_send(chat, p)
    source = _source(w, p, p.require_int("message_id", "message identifier is not specified"),
                     "forward" if forward else "copy")
    reply_to = None if forward else w.reply_target(chat, p)  # copies may reply, forwards not
    thread_id = w.reply_thread(chat, thread_id, reply_to)
    return _copy(w, source, chat, thread_id, p, forward=forward, reply_to=reply_to)


@method("copyMessage")
def copy_message(w: World, p: Params) -> dict[str, Any]:
    return {"message_id": _one(w, p, forward=False).message_id}


@method("copyMessages")
def copy_messages(w: World, p: Params) -> list[dict[str, Any]]:
    return _many(w, p, forward=False)


@method("forwardMessages")
def forward_messages(w: World, p: Params) -> list[dict[str, Any]]:
    return _many(w, p, forward=True)


def _many(w: World, p: Params, forward: bool) -> list[dict[str, Any]]:
    chat = w.chat_for_send(p.chat_id())
    thread_id = w.thread_for_send(chat, p)
    from_chat = w.chat(p.chat_id("from_chat_id"))
    ids = p.obj("message_ids")
    if not isinstance(ids, list) or not ids or len(ids) > 100:
        raise bad_request("message identifiers are not specified")
    found = [m for m in (w.find(from_chat.chat_id, i) for i in sorted({int(i) for i in ids}))
             if m is not None]
    if not found:
        raise bad_request("there are no messages to forward" if forward else
                          "there are no messages to copy")
    allowed = can_forward if forward else can_copy
    sources = [m for m in found if allowed(m)]  # Telegram skips the ones it can't send
    if not sources:
        raise bad_request("message can't be forwarded" if forward else "message can't be copied")
    plain = Params({})  # batch copies keep captions and carry no markup
    groups = _new_groups(sources)
    return [{"message_id": _copy(w, m, chat, thread_id, plain, forward,
                                 groups.get(m.media_group_id or "")).message_id}
            for m in sources]


def _new_groups(sources: list[FakeMessage]) -> dict[str, str]:
    """Album grouping is kept for batch copies and forwards: a fresh media_group_id for each
    album that has at least two messages in the batch."""
    counts = Counter(m.media_group_id for m in sources if m.media_group_id)
    return {old: new_media_group_id() for old, n in counts.items() if old and n > 1}


@method("forwardMessage")
def forward_message(w: World, p: Params) -> dict[str, Any]:
    return w.message_json(_one(w, p, forward=True))
