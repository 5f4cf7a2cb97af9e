"""Plausible Bot API payloads for media messages, keyed by message kind."""

from __future__ import annotations

import itertools
from typing import Any

MEDIA_KINDS = (
    "sticker", "photo", "voice", "video", "video_note", "animation", "document", "audio",
    "location", "contact", "poll", "dice",
)
# Extra kinds people can send that are stored as another kind ("quiz" is a "poll").
KIND_ALIASES = {"quiz": "poll"}
# Kinds whose payload is a file the bot could re-send by file_id.
FILE_KINDS = ("sticker", "photo", "voice", "video", "video_note", "animation", "document", "audio")
CAPTION_KINDS = ("photo", "voice", "video", "animation", "document", "audio")
ALBUM_KINDS = ("photo", "video", "document", "audio")

_seq = itertools.count(1)


def new_file_id(kind: str) -> str:
    # Real ids are opaque base64; a readable prefix makes test failures easier to read.
    return f"fake-{kind}-{next(_seq):06d}"


def new_media_group_id() -> str:
    """Telegram's media_group_id: a long decimal number, as a string."""
    return str(13_000_000_000_000_000 + next(_seq))


def album_kinds_error(kinds: list[str]) -> str | None:
    """Why Telegram would refuse these kinds as one album, or None: 2–10 items; photos and
    videos mix, documents and audios only go with their own kind."""
    if not 2 <= len(kinds) <= 10:
        return "media must include 2-10 items"
    if any(k not in ALBUM_KINDS for k in kinds):
        return "unsupported media type in the album"
    for alone in ("document", "audio"):
        if alone in kinds and set(kinds) != {alone}:
            return f"{alone} can't be mixed with other media types"
    return None


def _file(file_id: str, **extra: Any) -> dict[str, Any]:
    return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": 2048, **extra}


def media_payload(kind: str, file_id: str | None = None, user: dict[str, Any] | None = None,
                  ) -> dict[str, Any]:
    """The kind-specific Message fields, e.g. {"photo": [...]} for a photo."""
    fid = file_id or new_file_id(kind)
    builders: dict[str, Any] = {
        "sticker": lambda: {"sticker": _file(fid, type="regular", width=512, height=512,
                                             is_animated=False, is_video=False, emoji="🙂")},
        "photo": lambda: {"photo": [_file(f"{fid}-s", width=90, height=90),
                                    _file(fid, width=1280, height=1280)]},
        "voice": lambda: {"voice": _file(fid, duration=3, mime_type="audio/ogg")},
        "video": lambda: {"video": _file(fid, width=640, height=360, duration=5,
                                         mime_type="video/mp4")},
        "video_note": lambda: {"video_note": _file(fid, length=240, duration=4)},
        "animation": lambda: {
            "animation": _file(fid, width=320, height=240, duration=2, mime_type="video/mp4"),
            "document": _file(fid, file_name="animation.mp4", mime_type="video/mp4"),
        },
        "document": lambda: {"document": _file(fid, file_name="file.pdf",
                                               mime_type="application/pdf")},
        "audio": lambda: {"audio": _file(fid, duration=60, title="Song", performer="Artist",
                                         mime_type="audio/mpeg")},
        "location": lambda: {"location": {"latitude": 43.238949, "longitude": 76.889709}},
        "contact": lambda: {"contact": {
            "phone_number": "+77001234567",
            "first_name": (user or {}).get("first_name", "Contact"),
            **({"user_id": user["id"]} if user else {}),
        }},
        "poll": lambda: {"poll": _poll(fid, "regular", "?", ("Yes", "No"))},
        "dice": lambda: {"dice": {"emoji": "🎲", "value": 4}},
        # Someone else's quiz: its correct option is hidden from the bot, so it can't be copied.
        "quiz": lambda: {"poll": _poll(fid, "quiz", "2+2?", ("4", "5"))},
    }
    if kind not in builders:
        raise ValueError(f"unknown media kind {kind!r}; choose from {', '.join(MEDIA_KINDS)}")
    return builders[kind]()


def _poll(poll_id: str, kind: str, question: str, options: tuple[str, ...]) -> dict[str, Any]:
    return {"id": poll_id, "question": question, "total_voter_count": 0, "is_closed": False,
            "is_anonymous": True, "type": kind, "allows_multiple_answers": False,
            "allows_revoting": False, "members_only": False,
            "options": [{"persistent_id": str(n), "text": text, "voter_count": 0}
                        for n, text in enumerate(options, start=1)]}
