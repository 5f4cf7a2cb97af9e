"""Files with contents: a document a person sends, a file the bot uploads, getFile, and the
download address {base}/file/bot{token}/{file_path}, as on api.telegram.org.

Files the stand-in made up (media_payload's ids) have no contents: getFile does not know them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import bad_request
from .params import Params
from .payloads import new_file_id
from .registry import method
from .world import World

DOWNLOAD_LIMIT = 20 * 1024 * 1024  # getFile refuses bigger files (the Bot API's limit)
_FOLDERS = {"document": "documents", "photo": "photos", "voice": "voice", "audio": "music",
            "video": "videos", "animation": "animations", "sticker": "stickers",
            "video_note": "video_notes"}


@dataclass(frozen=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    file_name: str
    mime_type: str
    content: bytes
    file_path: str


def store_file(w: World, kind: str, content: bytes, file_name: str, mime_type: str,
               file_id: str | None = None) -> StoredFile:
    """Keep a file's contents under a (new) file id; returns what was kept."""
    fid = file_id or new_file_id(kind)
    suffix = file_name[file_name.rfind("."):] if "." in file_name else ""
    path = f"{_FOLDERS.get(kind, kind)}/file_{len(w.files)}{suffix}"
    stored = StoredFile(fid, f"u{fid}", file_name, mime_type, bytes(content), path)
    w.files[fid] = stored
    return stored


def keep_upload(w: World, p: Params, kind: str, file_id: str) -> None:
    """A multipart upload of a send<Media> call: keep its contents under the new file id."""
    value = p.raw.get(kind)
    if isinstance(value, str) and value.startswith("attach://"):
        value = p.raw.get(value[len("attach://"):])
    if not isinstance(value, dict) or "upload" not in value:
        return
    # Taken out of the parameters, so the call log shows the file's name, not its bytes.
    content = value.pop("content", b"")
    store_file(w, kind, content, str(value.get("upload") or "file"),
               str(value.pop("content_type", None) or "application/octet-stream"), file_id)


def describe(w: World, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The message's file fields as the kept file says (name, type, size), when one is kept."""
    fields = payload.get(kind)
    stored = w.files.get(fields.get("file_id", "")) if isinstance(fields, dict) else None
    if stored is None or not isinstance(fields, dict):
        return payload
    fields["file_size"] = len(stored.content)
    if kind in ("document", "audio", "video", "animation"):
        fields["file_name"] = stored.file_name
        fields["mime_type"] = stored.mime_type
    return payload


def file_json(stored: StoredFile) -> dict[str, Any]:
    return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content), "file_path": stored.file_path}


@method("getFile")
def get_file(w: World, p: Params) -> dict[str, Any]:
    file_id = p.text("file_id") or ""
    if not file_id:
        raise bad_request("file_id not specified")
    stored = w.files.get(file_id)
    if stored is None:
        raise bad_request("invalid file_id")
    if len(stored.content) > DOWNLOAD_LIMIT:
        raise bad_request("file is too big")
    return file_json(stored)


def download(w: World, file_path: str) -> bytes | None:
    """The contents at a file_path getFile gave out, or None."""
    return next((f.content for f in w.files.values() if f.file_path == file_path), None)
