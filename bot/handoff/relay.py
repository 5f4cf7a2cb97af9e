"""The Bot API calls of the relay, both ways, built from the message to pass on.

Person → topic: a copy (copyMessage, copyMessages for an album), never a forward, so no name,
username or id crosses. Defender → person: the defender's words signed with their chosen name,
sent as plain text with the original formatting entities (no HTML parsing, so nothing a
defender writes can break or inject markup); media are copied with the signed caption.
"""

from __future__ import annotations

from typing import Any

from aiogram.methods import (
    CopyMessage,
    EditMessageCaption,
    EditMessageText,
    SendMessage,
    TelegramMethod,
)
from aiogram.types import InlineKeyboardMarkup, Message, MessageEntity, ReplyParameters

from bot.kit.text import CAPTION_LIMIT, TEXT_LIMIT, utf16_len

# What is passed on with copyMessage; anything else (a poll, a game, a service message) gets a
# notice on both sides. A contact card is never passed on: it carries a name, a phone number and
# often the person's own Telegram id (a "share my number" keyboard left on screen sends one).
COPYABLE = frozenset({
    "text", "photo", "document", "voice", "audio", "video", "animation", "sticker",
    "video_note", "location", "venue", "dice",
})
CAPTIONED = frozenset({"photo", "document", "voice", "audio", "video", "animation"})
def shifted(entities: list[MessageEntity] | None, by: int, drop_before: int = 0,
            ) -> list[MessageEntity] | None:
    """Entities moved by `by` UTF-16 units; those starting before `drop_before` (a command
    that is cut off) are dropped."""
    if not entities:
        return None
    return [e.model_copy(update={"offset": e.offset - drop_before + by})
            for e in entities if e.offset >= drop_before]


def reply_to(message_id: int | None) -> ReplyParameters | None:
    return ReplyParameters(message_id=message_id, allow_sending_without_reply=True) \
        if message_id else None


def copy_to_topic(message: Message, chat_id: int, reply_in_topic: int | None,
                  ) -> TelegramMethod[Any]:
    return CopyMessage(chat_id=chat_id, from_chat_id=message.chat.id,
                       message_id=message.message_id, reply_parameters=reply_to(reply_in_topic))


def signed_to_person(message: Message, person_id: int, signature: str,
                     reply_in_chat: int | None, text: str | None = None,
                     cut: int = 0, markup: InlineKeyboardMarkup | None = None,
                     ) -> list[TelegramMethod[Any]]:
    """The defender's message for the person, signed (`signature` may run over several lines;
    its first is what a lock screen shows). `text`/`cut`: a /send command's words (the text
    after the command, which is `cut` UTF-16 units long). `markup`: the person's buttons under
    it ("not now")."""
    head = f"{signature}\n"
    shift = utf16_len(head)
    reply = reply_to(reply_in_chat)
    if text is not None or message.content_type == "text":
        body = text if text is not None else (message.text or "")
        return [SendMessage(chat_id=person_id, text=(head + body)[:TEXT_LIMIT], parse_mode=None,
                            entities=shifted(message.entities, shift, cut),
                            reply_parameters=reply, reply_markup=markup)]
    if message.content_type in CAPTIONED:
        caption = head + (message.caption or "")
        return [CopyMessage(chat_id=person_id, from_chat_id=message.chat.id,
                            message_id=message.message_id, caption=caption[:CAPTION_LIMIT],
                            parse_mode=None,
                            caption_entities=shifted(message.caption_entities, shift),
                            reply_parameters=reply, reply_markup=markup)]
    # A sticker, a voice note in a circle, a location: no caption to sign, so a line first.
    return [SendMessage(chat_id=person_id, text=signature, parse_mode=None,
                        reply_parameters=reply),
            CopyMessage(chat_id=person_id, from_chat_id=message.chat.id,
                        message_id=message.message_id, reply_markup=markup)]


def edited_copy(message: Message, chat_id: int, copy_id: int, signature: str | None = None,
                markup: InlineKeyboardMarkup | None = None) -> TelegramMethod[Any] | None:
    """The edit that brings a copy up to date with its edited original, or None when the
    copy cannot be edited that way (then a marked new message is sent instead). `markup`: the
    copy's buttons, which an edit without them would remove."""
    head = f"{signature}\n" if signature else ""
    shift = utf16_len(head)
    if message.text is not None:
        return EditMessageText(chat_id=chat_id, message_id=copy_id,
                               text=(head + message.text)[:TEXT_LIMIT], parse_mode=None,
                               entities=shifted(message.entities, shift), reply_markup=markup)
    if message.content_type in CAPTIONED:
        return EditMessageCaption(chat_id=chat_id, message_id=copy_id,
                                  caption=(head + (message.caption or ""))[:CAPTION_LIMIT],
                                  parse_mode=None,
                                  caption_entities=shifted(message.caption_entities, shift),
                                  reply_markup=markup)
    return None
