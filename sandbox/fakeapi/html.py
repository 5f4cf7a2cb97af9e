"""Telegram's HTML parse mode, ported from TDLib's parse_html so errors match byte for byte.

Known leniencies are kept on purpose because Telegram has them too: a bare `&` that does not
start a known entity stays literal, `&amp` works without `;`, and `</>` closes any open tag.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SUPPORTED_TAGS = frozenset(
    {"a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler", "tg-emoji",
     "span", "pre", "code", "blockquote"}
)
_SPACES = " \t\r\n\0\v"
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SIMPLE = {
    "i": "italic", "em": "italic", "b": "bold", "strong": "bold", "s": "strikethrough",
    "strike": "strikethrough", "del": "strikethrough", "u": "underline", "ins": "underline",
    "tg-spoiler": "spoiler",
}


class HtmlError(ValueError):
    """The reason Telegram gives after "can't parse entities: "."""


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _Open:
    tag: str
    argument: str
    offset: int  # UTF-16 offset in the result text
    result_pos: int  # index into the result characters, for <a> without href


class _Scanner:
    """Character access that reads NUL past the end, like TDLib's C string."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __getitem__(self, i: int) -> str:
        return self.text[i] if i < len(self.text) else "\0"

    def byte_offset(self, i: int) -> int:
        return len(self.text[:i].encode("utf-8"))


def _decode_entity(s: _Scanner, pos: int) -> tuple[str, int] | None:
    """Decode `&...` at pos; None if it is not an entity (then `&` is literal)."""
    end = pos + 1
    if s[end] == "#":
        end += 1
        code = 0
        if s[end] == "x":
            end += 1
            while s[end] in "0123456789abcdefABCDEF":
                code = code * 16 + int(s[end], 16)
                end += 1
        else:
            while s[end].isascii() and s[end].isdigit():
                code = code * 10 + int(s[end])
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return None
        char = chr(code)
    else:
        while s[end].isascii() and s[end].isalpha():
            end += 1
        name = s.text[pos + 1 : end]
        if name not in _NAMED:
            return None
        char = _NAMED[name]
    return char, end + 1 if s[end] == ";" else end


def _tag_entity(tag: _Open, length: int, inner: str, entities: list[dict[str, Any]]) -> None:
    base = {"offset": tag.offset, "length": length}
    if tag.tag in _SIMPLE:
        entities.append({"type": _SIMPLE[tag.tag], **base})
    elif tag.tag == "span":
        entities.append({"type": "spoiler", **base})
    elif tag.tag == "tg-emoji":
        if not tag.argument.isdigit() or int(tag.argument) == 0:
            raise HtmlError("Invalid custom emoji identifier specified")
        entities.append({"type": "custom_emoji", "custom_emoji_id": tag.argument, **base})
    elif tag.tag == "a":
        url = tag.argument or inner
        if "://" in url or "." in url:  # Telegram silently drops links it can't check
            entities.append({"type": "text_link", "url": url, **base})
    elif tag.tag == "pre":
        last = entities[-1] if entities else None
        if last and last["type"] == "code" and last.get("language") and _same(last, base):
            last["type"] = "pre"
        else:
            entities.append({"type": "pre", **base})
    elif tag.tag == "code":
        last = entities[-1] if entities else None
        if last and last["type"] == "pre" and _same(last, base) and tag.argument:
            last["language"] = tag.argument
        else:
            entities.append({"type": "code", **base, "language": tag.argument})
    elif tag.tag == "blockquote":
        kind = "expandable_blockquote" if tag.argument else "blockquote"
        entities.append({"type": kind, **base})


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["offset"] == b["offset"] and a["length"] == b["length"]


def _parse_start_tag(s: _Scanner, i: int, begin: int) -> tuple[str, str, int]:
    """Parse `<tag attr=...>` starting after '<'; returns (tag, argument, index of '>')."""
    while s[i] not in _SPACES and s[i] != ">":
        i += 1
    if s[i] == "\0" and i >= len(s.text):
        raise HtmlError(f"Unclosed start tag at byte offset {s.byte_offset(begin)}")
    tag = s.text[begin + 1 : i].lower()
    if tag not in SUPPORTED_TAGS:
        raise HtmlError(f'Unsupported start tag "{tag}" at byte offset {s.byte_offset(begin)}')
    argument = ""
    while s[i] != ">":
        while i < len(s.text) and s[i] in _SPACES:
            i += 1
        if s[i] == ">":
            break
        attr_begin = i
        while s[i] not in _SPACES and s[i] not in "=>/\"'":
            i += 1
        attr = s.text[attr_begin:i]
        if not attr:
            raise HtmlError(
                f'Empty attribute name in the tag "{tag}" at byte offset {s.byte_offset(begin)}'
            )
        while i < len(s.text) and s[i] in _SPACES:
            i += 1
        if s[i] != "=":
            if i >= len(s.text):
                raise HtmlError(f'Unclosed start tag "{tag}" at byte offset {s.byte_offset(begin)}')
            if tag == "blockquote" and attr == "expandable":
                argument = "1"
            continue
        i += 1
        while i < len(s.text) and s[i] in _SPACES:
            i += 1
        if i >= len(s.text):
            raise HtmlError(f'Unclosed start tag "{tag}" at byte offset {s.byte_offset(begin)}')
        value, i = _parse_attr_value(s, i)
        if i >= len(s.text):
            raise HtmlError(f"Unclosed start tag at byte offset {s.byte_offset(begin)}")
        argument = _attr_argument(tag, attr, value, argument)
    if tag == "span" and argument != "spoiler":
        raise HtmlError(
            f'Tag "span" must have class "tg-spoiler" at byte offset {s.byte_offset(begin)}'
        )
    return tag, argument, i


def _parse_attr_value(s: _Scanner, i: int) -> tuple[str, int]:
    if s[i] not in "'\"":
        start = i
        while (s[i].isascii() and s[i].isalnum()) or s[i] in ".-":
            i += 1
        if s[i] not in _SPACES and s[i] != ">":
            raise HtmlError(f"Unexpected end of name token at byte offset {s.byte_offset(start)}")
        return s.text[start:i].lower(), i
    quote = s[i]
    i += 1
    value: list[str] = []
    while i < len(s.text) and s[i] != quote:
        if s[i] == "&" and (decoded := _decode_entity(s, i)):
            value.append(decoded[0])
            i = decoded[1]
            continue
        value.append(s[i])
        i += 1
    if i < len(s.text):
        i += 1
    return "".join(value), i


def _attr_argument(tag: str, attr: str, value: str, current: str) -> str:
    if tag == "a" and attr == "href":
        return value
    if tag == "code" and attr == "class" and value.startswith("language-"):
        return value[9:]
    if tag == "span" and attr == "class" and value.startswith("tg-"):
        return value[3:]
    if tag == "tg-emoji" and attr == "emoji-id":
        return value
    if tag == "blockquote" and attr == "expandable":
        return "1"
    return current


def parse_html(text: str, *, strict_ampersand: bool = False) -> tuple[str, list[dict[str, Any]]]:
    """Return (plain text, entities) or raise HtmlError with Telegram's reason.

    strict_ampersand additionally rejects a literal `&` (Telegram accepts it), which
    catches user input the bot forgot to escape.
    """
    s = _Scanner(text)
    out: list[str] = []
    utf16 = 0
    stack: list[_Open] = []
    entities: list[dict[str, Any]] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "&":
            decoded = _decode_entity(s, i)
            if decoded:
                out.append(decoded[0])
                utf16 += utf16_len(decoded[0])
                i = decoded[1]
                continue
            if strict_ampersand:
                raise HtmlError(f"Unescaped \"&\" at byte offset {s.byte_offset(i)} (strict mode)")
        if c != "<":
            out.append(c)
            utf16 += utf16_len(c)
            i += 1
            continue
        begin = i
        i += 1
        if s[i] != "/":
            tag, argument, i = _parse_start_tag(s, i, begin)
            stack.append(_Open(tag, argument, utf16, len(out)))
        else:
            if not stack:
                raise HtmlError(f"Unexpected end tag at byte offset {s.byte_offset(begin)}")
            while s[i] not in _SPACES and s[i] != ">":
                i += 1
            end_tag = text[begin + 2 : i].lower()
            while i < len(text) and s[i] in _SPACES:
                i += 1
            if s[i] != ">":
                raise HtmlError(f"Unclosed end tag at byte offset {s.byte_offset(begin)}")
            top = stack[-1]
            if end_tag and end_tag != top.tag:
                raise HtmlError(
                    f"Unmatched end tag at byte offset {s.byte_offset(begin)}, "
                    f'expected "</{top.tag}>", found "</{end_tag}>"'
                )
            if utf16 > top.offset:
                _tag_entity(top, utf16 - top.offset, "".join(out[top.result_pos :]), entities)
            stack.pop()
        i += 1  # skip '>'
    if stack:
        raise HtmlError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    plain = "".join(out)
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in plain):
        raise HtmlError(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        )
    for entity in entities:
        if entity["type"] == "code" or (entity["type"] == "pre" and not entity.get("language")):
            entity.pop("language", None)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return plain, entities


def strip_text(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Trim surrounding whitespace like Telegram does, keeping entities aligned."""
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    shift = utf16_len(text[:lead])
    end = utf16_len(body)
    kept = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        stop = min(entity["offset"] + entity["length"] - shift, end)
        if stop > start:
            kept.append({**entity, "offset": start, "length": stop - start})
    return body, kept
