"""aiogram imported with its models built on first use (bot/pipeline/aiogram_models.py): every
type, method and answer model still builds, whichever is used first, in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

import pytest

BUILD_ALL = """
import sys
from bot.pipeline.aiogram_models import import_aiogram
assert import_aiogram()
import aiogram.methods as methods, aiogram.types as types
from aiogram.methods.base import Response, TelegramMethod

def models(module):
    found = (getattr(module, name) for name in module.__all__)
    return [model for model in found
            if isinstance(model, type) and hasattr(model, "model_rebuild")]

kinds = {
    "types": models(types),
    "methods": [m for m in models(methods) if m is not TelegramMethod],
    "answers": [Response[m.__returning__] for m in models(methods)
                if not isinstance(getattr(m, "__returning__", property()), property)],
}
failed = []
for kind in sys.argv[1:]:
    for model in kinds[kind]:
        try:
            model.__pydantic_validator__.validate_python
            model.__pydantic_serializer__.to_python
        except Exception as exc:
            failed.append(f"{model.__name__}: {exc}")
print(len(failed), "of", sum(len(kinds[k]) for k in sys.argv[1:]), "failed")
print("\\n".join(failed[:5]))
"""


@pytest.mark.parametrize("order", [("answers", "methods", "types"), ("methods", "types", "answers"),
                                   ("types", "answers", "methods")])
def test_every_aiogram_model_builds_whichever_comes_first(order: tuple[str, ...]) -> None:
    done = subprocess.run([sys.executable, "-c", BUILD_ALL, *order], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("0 of "), done.stdout


def test_a_message_reaching_every_nested_type_is_read_and_written() -> None:
    from aiogram.methods import SendMessage
    from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Update

    update = Update.model_validate({
        "update_id": 1,
        "message": {"message_id": 2, "date": 0, "chat": {"id": 3, "type": "private"},
                    "from": {"id": 3, "is_bot": False, "first_name": "A"}, "text": "hi",
                    "reply_to_message": {"message_id": 1, "date": 0,
                                         "chat": {"id": 3, "type": "private"},
                                         "photo": [{"file_id": "f", "file_unique_id": "u",
                                                    "width": 1, "height": 1}]}},
    })
    assert update.message is not None and update.message.reply_to_message is not None
    assert update.message.reply_to_message.photo is not None
    keyboard = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="a",
                                                                           callback_data="b")]])
    sent = SendMessage(chat_id=3, text="x", reply_markup=keyboard).model_dump(exclude_none=True)
    assert sent["reply_markup"] == {"inline_keyboard": [[{"text": "a", "callback_data": "b"}]]}


def test_aiogram_imported_before_is_left_as_it_was() -> None:
    from bot.pipeline.aiogram_models import import_aiogram

    assert "aiogram" in sys.modules
    assert import_aiogram() is False
