"""send<Media> methods: file_id strings, URLs or uploads all become a fresh fake file."""

from __future__ import annotations

from typing import Any

from . import files_api
from .errors import bad_request
from .markup import parse_markup
from .params import Params
from .payloads import (
    CAPTION_KINDS,
    album_kinds_error,
    media_payload,
    new_file_id,
    new_media_group_id,
)
from .registry import method
from .world import World

# Bot API method -> message kind (the kind is also the name of the file parameter).
SEND_METHODS = {
    "sendPhoto": "photo", "sendDocument": "document", "sendSticker": "sticker",
    "sendVoice": "voice", "sendVideo": "video", "sendAnimation": "animation",
    "sendAudio": "audio", "sendVideoNote": "video_note",
}


def _file_id(p: Params, kind: str) -> str:
    value = p.raw.get(kind)
    if isinstance(value, str) and value.startswith("attach://"):
        value = p.raw.get(value[len("attach://"):])
    if isinstance(value, dict) and "upload" in value:  # a multipart file part
        return new_file_id(kind)
    if not isinstance(value, str) or not value:
        raise bad_request(f"there is no {kind.replace('_', ' ')} in the request")
    if value.startswith(("http://", "https://")):
        return new_file_id(kind)
    return value


def _send_media(w: World, p: Params, kind: str) -> dict[str, Any]:
    chat = w.chat_for_send(p.chat_id())
    thread_id = w.thread_for_send(chat, p)
    file_id = _file_id(p, kind)
    files_api.keep_upload(w, p, kind, file_id)
    caption = w.format_text(p, "caption", caption=True) if kind in CAPTION_KINDS else None
    markup, buttons = parse_markup(p.obj("reply_markup"))
    reply_to = w.reply_target(chat, p)
    thread_id = w.reply_thread(chat, thread_id, reply_to)
    w.check_rate(chat)
    msg = w.add_message(
        chat, from_bot=True, sender_id=w.bot_id, kind=kind,
        text=caption.plain if caption else "", html=caption.raw if caption else "",
        entities=caption.entities if caption else [], buttons=buttons, reply_markup=markup,
        thread_id=thread_id, payload=files_api.describe(w, kind, media_payload(kind, file_id)),
        extra={"reply_to_message_id": reply_to} if reply_to else {},
    )
    w.emit("send", msg)
    return w.message_json(msg)


def _register(name: str, kind: str) -> None:
    method(name)(lambda w, p: _send_media(w, p, kind))


for _name, _kind in SEND_METHODS.items():
    _register(_name, _kind)


@method("sendMediaGroup")
def send_media_group(w: World, p: Params) -> list[dict[str, Any]]:
    """An album: 2–10 photos, videos, documents or audios, each with its own caption."""
    chat = w.chat_for_send(p.chat_id())
    thread_id = w.thread_for_send(chat, p)
    items = p.obj("media")
    if not isinstance(items, list) or not 2 <= len(items) <= 10:
        raise bad_request("media must include 2-10 items")
    if not all(isinstance(i, dict) for i in items):
        raise bad_request("unsupported media type in the album")
    reason = album_kinds_error([str(i.get("type")) for i in items])
    if reason:
        raise bad_request(reason)
    reply_to = w.reply_target(chat, p)
    thread_id = w.reply_thread(chat, thread_id, reply_to)
    w.check_rate(chat)
    group_id = new_media_group_id()
    sent = []
    for item in items:
        kind = item["type"]
        item_params = Params({**item, kind: item.get("media")})
        caption = w.format_text(item_params, "caption", caption=True)
        msg = w.add_message(
            chat, from_bot=True, sender_id=w.bot_id, kind=kind, text=caption.plain,
            html=caption.raw, entities=caption.entities, buttons=[], reply_markup=None,
            thread_id=thread_id, payload=media_payload(kind, _file_id(item_params, kind)),
            extra={"media_group_id": group_id,
                   **({"reply_to_message_id": reply_to} if reply_to else {})},
        )
        w.emit("send", msg)
        sent.append(w.message_json(msg))
    return sent
