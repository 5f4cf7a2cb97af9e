"""The yardstick for issue #25: a bare aiogram 3 bot that answers the presses bench_load.py
makes as Qorgau does (the pre-assessment: /start, then "q:0:start", "a:N:n" for 16 questions,
"q:0:again"), with aiogram's MemoryStorage, no database, no middlewares of ours. Each press
is answered as Qorgau answers it: the answers kept in the dialog's data, the screen edited in
place with the next question and its keyboard, and the press answered.

The screen is Qorgau's in shape and size (the same nine buttons in four rows, a question of
the same length, links' previews off: about 1,000 bytes a request), so the yardstick measures
the machinery, not how much a screen says. QORGAU_BARE_SCREEN=small keeps the first
yardstick's screen (five buttons, 600 bytes) for comparison with earlier figures.

    BOT_TOKEN=... TELEGRAM_API_URL=... .venv/bin/python bench/bare_bot.py

bench_load.py --bare starts it in place of `python -m bot run`.

Presses are routed as aiogram's documentation routes them, by magic filters
(`F.data.startswith(...)`), which aiogram runs in its thread pool, being synchronous: 0.4 ms of
the 2.5 a press costs here. QORGAU_BARE_FILTERS=async routes them by async filters instead, as
Qorgau's own are (bot/kit/filters.py): the stricter yardstick.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from aiogram import Bot, Dispatcher, F
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.filters import CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

QUESTIONS = 16
SMALL = os.environ.get("QORGAU_BARE_SCREEN") == "small"
QUESTION = ("<b>Вопрос {n} из 16.</b> Было ли так, что близкий человек унижал вас, угрожал вам "
            "или ограничивал вас в деньгах, общении или передвижении?") if SMALL else (
    "<b>Вопрос {n} из 16</b> · Физическое насилие\nДома кто-то ругался на вас матом, оскорблял "
    "или унижал вас, ломал вещи, так что вам не было покоя?")


def button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data)


def keyboard(n: int) -> InlineKeyboardMarkup:
    row = [button(label, f"a:{n}:{code}")
           for label, code in (("Да", "y"), ("Нет", "n"), ("Не знаю", "u"))]
    if SMALL:
        return InlineKeyboardMarkup(inline_keyboard=[
            row, [button("⬅️ Назад", f"b:{n}"), button("🚪 Выйти", "exit")]])
    return InlineKeyboardMarkup(inline_keyboard=[
        row, [button("◀ Назад", f"q:{n}:back"), button("Пропустить группу", f"q:{n}:skip")],
        [button("📖 Официальный текст", f"q:{n}:legal"), button("☰ Меню", "go:menu")],
        [button("🆘 Экстренные номера", "go:sos"), button("🚪 Быстрый выход", "x")]])


dp = Dispatcher(storage=MemoryStorage())


def data_starts(prefix: str) -> Any:
    if os.environ.get("QORGAU_BARE_FILTERS") != "async":
        return F.data.startswith(prefix)

    async def starts(query: CallbackQuery) -> bool:
        return (query.data or "").startswith(prefix)

    return starts


@dp.message(CommandStart())
async def start(message: Message, state: FSMContext) -> None:
    await state.clear()
    await message.answer("Здравствуйте. Здесь можно спокойно разобраться, что происходит.",
                         reply_markup=InlineKeyboardMarkup(inline_keyboard=[[
                             InlineKeyboardButton(text="Начать", callback_data="q:0:start")]]))


@dp.callback_query(data_starts("q:0:"))
async def begin(query: CallbackQuery, state: FSMContext) -> None:
    await state.set_data({"answers": []})
    await show(query, 0)


@dp.callback_query(data_starts("a:"))
async def answer(query: CallbackQuery, state: FSMContext) -> None:
    _, number, code = (query.data or "a:0:n").split(":")
    data = await state.get_data()
    answers = [*data.get("answers", []), code]
    await state.update_data(answers=answers)
    await show(query, int(number) + 1)


async def show(query: CallbackQuery, n: int) -> None:
    if n >= QUESTIONS:
        markup = InlineKeyboardMarkup(inline_keyboard=[[
            InlineKeyboardButton(text="Ещё раз", callback_data="q:0:again")]])
        text = "Ответы записаны. Это не решение суда: это подсказка, куда обратиться."
    else:
        markup, text = keyboard(n), QUESTION.format(n=n + 1)
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)
    await query.answer()


async def main() -> None:
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["TELEGRAM_API_URL"]))
    bot = Bot(os.environ["BOT_TOKEN"], session=session,
              default=DefaultBotProperties(parse_mode=ParseMode.HTML,
                                           link_preview_is_disabled=not SMALL or None))
    await dp.start_polling(bot, handle_signals=True)


if __name__ == "__main__":
    asyncio.run(main())
