"""setMessageReaction: the bot's reaction on a message, with Telegram's rules and errors."""

from __future__ import annotations

import json
from typing import Any

from .errors import bad_request
from .models import Chat, FakeMessage
from .params import Params
from .registry import method
from .world import World

# The emoji the Bot API documents for ReactionTypeEmoji, spelled exactly as listed: "❤" and
# "✍" without the U+FE0F variation selector. Anything else is REACTION_INVALID.
REACTION_EMOJI = frozenset((
    "❤", "👍", "👎", "🔥", "🥰", "👏", "😁", "🤔", "🤯", "😱", "🤬", "😢", "🎉", "🤩", "🤮",
    "💩", "🙏", "👌", "🕊", "🤡", "🥱", "🥴", "😍", "🐳", "❤\u200d🔥", "🌚", "🌭", "💯", "🤣",
    "⚡", "🍌", "🏆", "💔", "🤨", "😐", "🍓", "🍾", "💋", "🖕", "😈", "😴", "😭", "🤓", "👻",
    "👨\u200d💻", "👀", "🎃", "🙈", "😇", "😨", "🤝", "✍", "🤗", "🫡", "🎅", "🎄", "☃", "💅",
    "🤪", "🗿", "🆒", "💘", "🙉", "🦄", "😘", "💊", "🙊", "😎", "👾", "🤷\u200d♂", "🤷",
    "🤷\u200d♀", "😡",
))
MAX_BOT_REACTIONS = 1  # bots react like users without Premium: one reaction per message


def parse_reactions(p: Params) -> list[dict[str, Any]]:
    """The `reaction` array as the Bot API reads it; absent or empty removes the reaction."""
    value = p.raw.get("reaction")
    if isinstance(value, str):  # form bodies carry it JSON-encoded
        try:
            value = json.loads(value) if value else None
        except ValueError:
            raise bad_request("can't parse reaction types JSON object") from None
    if value is None:
        return []
    if not isinstance(value, list):
        raise bad_request("expected an Array of ReactionType")
    return [_reaction_type(item) for item in value]


def _reaction_type(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise bad_request("can't parse ReactionType: expected an Object")
    kind = item.get("type")
    if kind is None:
        raise bad_request('can\'t parse ReactionType: Can\'t find field "type"')
    if kind == "emoji":
        if "emoji" not in item:
            raise bad_request('can\'t parse ReactionType: Can\'t find field "emoji"')
        if not item["emoji"]:
            raise bad_request("invalid reaction type specified")
        return {"type": "emoji", "emoji": str(item["emoji"])}
    if kind == "custom_emoji":
        return {"type": "custom_emoji", "custom_emoji_id": str(item.get("custom_emoji_id", ""))}
    raise bad_request("can't parse ReactionType: invalid reaction type specified")


def _target(w: World, chat: Chat, message_id: int | None) -> FakeMessage:
    """The message that holds the reaction: an album's first message that is not deleted."""
    msg = w.find(chat.chat_id, message_id) if message_id and message_id > 0 else None
    if msg is None:
        raise bad_request("message to react not found")
    group = msg.media_group_id
    if group is None:
        return msg
    return next(m for m in w.iter_messages(chat.chat_id)
                if not m.deleted and m.media_group_id == group)


def _check_allowed(msg: FakeMessage, reactions: list[dict[str, Any]]) -> None:
    if msg.kind == "service":
        raise bad_request("REACTION_INVALID")
    for reaction in reactions:
        # Custom emoji need the chat's permission, which no fake chat gives.
        if reaction["type"] != "emoji" or reaction["emoji"] not in REACTION_EMOJI:
            raise bad_request("REACTION_INVALID")
    if len({r.get("emoji") or r.get("custom_emoji_id") for r in reactions}) > MAX_BOT_REACTIONS:
        raise bad_request("REACTIONS_TOO_MANY")


@method("setMessageReaction")
def set_message_reaction(w: World, p: Params) -> bool:
    chat = w.chat_for_send(p.chat_id())
    reactions = parse_reactions(p)
    msg = _target(w, chat, p.integer("message_id"))
    _check_allowed(msg, reactions)
    if reactions == msg.reactions:
        return True  # choosing the same reactions again succeeds and changes nothing
    msg.reactions = reactions
    msg.reaction_big = p.flag("is_big")
    w.emit("react", msg, reactions=[dict(r) for r in reactions], is_big=msg.reaction_big)
    return True
