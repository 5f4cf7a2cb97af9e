"""The fake Bot API must answer like Telegram: raw HTTP, real aiogram clients, a real process."""

from __future__ import annotations

import asyncio
import json
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)

from sandbox.fakeapi import (
    DEFAULT_TOKEN,
    MEDIA_KINDS,
    FakeTelegram,
    HtmlError,
    ThreadedServer,
    parse_html,
    running_in_thread,
)
from tests.harness import BotProcess, Person

T = TypeVar("T")
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


class QuickSession(AiohttpSession):
    """aiogram's session sleeps 250 ms on close; tests have no TLS connections to drain."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


def make_bot(url: str, token: str = DEFAULT_TOKEN) -> Bot:
    return Bot(token, session=QuickSession(api=TelegramAPIServer.from_base(url)),
               default=DefaultBotProperties(parse_mode="HTML"))


def run(srv: ThreadedServer, fn: Callable[[Bot], Awaitable[T]]) -> T:
    async def main() -> T:
        bot = make_bot(srv.url)
        try:
            return await fn(bot)
        finally:
            await bot.session.close()

    return asyncio.run(main())


def http(srv: ThreadedServer, method: str, *, form: dict[str, str] | None = None,
         body: Any = None, query: dict[str, str] | None = None, token: str | None = None,
         ) -> tuple[int, dict[str, Any]]:
    url = f"{srv.url}/bot{token or srv.tg.token}/{method}"
    if query:
        url += "?" + urllib.parse.urlencode(query)
    data, headers = None, {}
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


def started(tg: FakeTelegram, user_id: int = 111) -> int:
    """A person who has written to the bot, so it may answer them."""
    tg.user(user_id, "Aigerim")
    tg.send_text(user_id, "/start")
    return user_id


# -- raw HTTP ------------------------------------------------------------------------------
def test_envelope_auth_and_unknown_methods(srv: ThreadedServer) -> None:
    assert http(srv, "getMe")[1]["result"]["username"] == "qorgau_test_bot"
    assert http(srv, "GETME")[0] == 200  # method names are case-insensitive
    assert http(srv, "getMe", token="123456:wrong") == (
        401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    assert http(srv, "sendInvoice") == (
        404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"})


def test_json_form_and_query_bodies_are_equivalent(srv: ThreadedServer, tg: FakeTelegram) -> None:
    chat = started(tg)
    markup = {"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}
    status, _ = http(srv, "sendMessage", body={"chat_id": chat, "text": "json",
                                                "reply_markup": markup})
    assert status == 200
    status, _ = http(srv, "sendMessage", form={
        "chat_id": str(chat), "text": "<i>form</i>", "parse_mode": "HTML",
        "reply_markup": json.dumps(markup), "disable_notification": "true"})
    assert status == 200
    assert http(srv, "sendMessage", query={"chat_id": str(chat), "text": "query"})[0] == 200
    bot = tg.bot_messages(chat)
    assert [m.text for m in bot] == ["json", "form", "query"]
    assert bot[0].labels == bot[1].labels == ["Go"]
    assert bot[1].entities == [{"type": "italic", "offset": 0, "length": 4}]
    logged = tg.calls_to("sendMessage")[1].params
    assert logged["chat_id"] == chat and logged["disable_notification"] is True
    assert logged["reply_markup"] == markup


def test_json_error_envelope_for_429(srv: ThreadedServer, tg: FakeTelegram) -> None:
    chat = started(tg)
    tg.inject_error("sendMessage", status=429, retry_after=7)
    assert http(srv, "sendMessage", body={"chat_id": chat, "text": "x"}) == (429, {
        "ok": False, "error_code": 429, "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7}})


# -- HTML parse mode -----------------------------------------------------------------------
@pytest.mark.parametrize(("html", "reason"), [
    ("Привет <foo>", 'Unsupported start tag "foo" at byte offset 13'),
    ("a < b", 'Unsupported start tag "" at byte offset 2'),
    ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
    ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
    ("x</b>", "Unexpected end tag at byte offset 1"),
    ("<b", "Unclosed start tag at byte offset 0"),
    ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ('<a href="x"', "Unclosed start tag at byte offset 0"),
])
def test_html_errors_match_telegram(html: str, reason: str) -> None:
    with pytest.raises(HtmlError) as err:
        parse_html(html)
    assert str(err.value) == reason


def test_html_entities_and_tags() -> None:
    plain, entities = parse_html(
        '<b>1</b> &lt;&gt;&amp;&quot;&#65;&#x42; Tom & Jerry <a href="https://e.kz">l</a> '
        '<pre><code class="language-py">c</code></pre> <tg-spoiler>s</tg-spoiler> '
        "<blockquote expandable>q</blockquote>")
    assert plain == '1 <>&"AB Tom & Jerry l c s q'
    assert [e["type"] for e in entities] == [
        "bold", "text_link", "pre", "spoiler", "expandable_blockquote"]
    assert entities[2]["language"] == "py"
    with pytest.raises(HtmlError):
        parse_html("Tom & Jerry", strict_ampersand=True)


def test_html_error_through_aiogram(srv: ThreadedServer, tg: FakeTelegram) -> None:
    chat = started(tg)

    async def go(bot: Bot) -> None:
        with pytest.raises(TelegramBadRequest, match=r"can't parse entities: Unsupported start"):
            await bot.send_message(chat, "Hi <name>")
        with pytest.raises(TelegramBadRequest, match="message text is empty"):
            await bot.send_message(chat, "")
        with pytest.raises(TelegramBadRequest, match="message must be non-empty"):
            await bot.send_message(chat, "<b> </b>")

    run(srv, go)
    assert tg.bot_messages(chat) == []


def test_text_and_caption_limits(srv: ThreadedServer, tg: FakeTelegram) -> None:
    chat = started(tg)

    async def go(bot: Bot) -> None:
        await bot.send_message(chat, "<b>" + "a" * 4096 + "</b>")  # tags don't count
        with pytest.raises(TelegramBadRequest, match="message is too long"):
            await bot.send_message(chat, "a" * 4097)
        with pytest.raises(TelegramBadRequest, match="message is too long"):
            await bot.send_message(chat, "😀" * 2049)  # 2 UTF-16 code units each
        await bot.send_photo(chat, "photo-id", caption="c" * 1024)
        with pytest.raises(TelegramBadRequest, match="message caption is too long"):
            await bot.send_photo(chat, "photo-id", caption="c" * 1025)

    run(srv, go)
    assert [m.kind for m in tg.bot_messages(chat)] == ["text", "photo"]


def test_callback_data_rules(srv: ThreadedServer, tg: FakeTelegram) -> None:
    chat = started(tg)

    def kb(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(
            text="b", callback_data=data)]])

    async def go(bot: Bot) -> None:
        await bot.send_message(chat, "ok", reply_markup=kb("x" * 64))
        for bad in ("x" * 65, "й" * 33):  # 66 bytes in UTF-8
            with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
                await bot.send_message(chat, "no", reply_markup=kb(bad))
        with pytest.raises(TelegramBadRequest, match="Text buttons are not allowed"):
            await bot.send_message(chat, "no", reply_markup=kb(""))

    run(srv, go)


# -- message lifecycle ---------------------------------------------------------------------
def test_send_edit_delete_round_trip(srv: ThreadedServer, tg: FakeTelegram) -> None:
    chat = started(tg)
    events: list[str] = []
    tg.add_listener(lambda e: events.append(e.kind))
    kb = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="A",
                                                                     callback_data="a")]])

    async def go(bot: Bot) -> None:
        sent = await bot.send_message(chat, "<b>one</b>", reply_markup=kb)
        assert sent.message_id == 2  # the user's /start was 1: one counter per chat
        assert sent.reply_markup and sent.reply_markup.inline_keyboard[0][0].callback_data == "a"
        assert sent.from_user and sent.from_user.is_bot
        edited = await bot.edit_message_text("two", chat_id=chat, message_id=2, reply_markup=kb)
        assert isinstance(edited, Message) and edited.edit_date
        with pytest.raises(TelegramBadRequest) as err:
            await bot.edit_message_text("two", chat_id=chat, message_id=2, reply_markup=kb)
        assert err.value.message == NOT_MODIFIED
        await bot.edit_message_reply_markup(chat_id=chat, message_id=2)  # removes it
        assert await bot.delete_message(chat, 2)
        with pytest.raises(TelegramBadRequest, match="message to delete not found"):
            await bot.delete_message(chat, 2)
        with pytest.raises(TelegramBadRequest, match="message to edit not found"):
            await bot.edit_message_text("x", chat_id=chat, message_id=2)
        with pytest.raises(TelegramBadRequest, match="message can't be edited"):
            await bot.edit_message_text("x", chat_id=chat, message_id=1)

    run(srv, go)
    [msg] = tg.bot_messages(chat, include_deleted=True)
    assert (msg.text, msg.html, msg.edited, msg.deleted, msg.buttons) == (
        "two", "two", 2, True, [])
    assert events == ["send", "edit", "edit", "delete"]


def test_delete_messages_and_48_hour_rule(srv: ThreadedServer, tg: FakeTelegram) -> None:
    chat = started(tg)

    async def go(bot: Bot) -> None:
        ids = [(await bot.send_message(chat, str(i))).message_id for i in range(3)]
        assert await bot.delete_messages(chat, [ids[0], 999, ids[1]])  # unknown ids skipped
        with pytest.raises(TelegramBadRequest):
            await bot.delete_messages(chat, list(range(1, 102)))
        tg.advance_time(48 * 3600 + 1)
        with pytest.raises(TelegramBadRequest, match="message can't be deleted"):
            await bot.delete_message(chat, ids[2])
        later = await bot.send_message(chat, "later")
        assert later.date.timestamp() >= time.time() + 48 * 3600

    run(srv, go)
    assert [m.text for m in tg.bot_messages(chat)] == ["2", "later"]


def test_copy_forward_and_media(srv: ThreadedServer, tg: FakeTelegram) -> None:
    chat = started(tg)
    tg.send_media(chat, "voice")
    source = tg.history(chat)[-1].message_id

    async def go(bot: Bot) -> None:
        copied = await bot.copy_message(chat, chat, source)
        forwarded = await bot.forward_message(chat, chat, source)
        assert forwarded.voice and forwarded.forward_origin
        await bot.send_document(chat, "doc-id", caption="<i>c</i>")
        uploaded = await bot.send_photo(chat, BufferedInputFile(b"jpeg", "p.jpg"))
        assert uploaded.photo and uploaded.photo[-1].file_id.startswith("fake-photo")
        with pytest.raises(TelegramBadRequest, match="message to copy not found"):
            await bot.copy_message(chat, chat, 999)
        assert copied.message_id == source + 1

    run(srv, go)
    assert [m.kind for m in tg.bot_messages(chat)] == ["voice", "voice", "document", "photo"]


def test_every_user_media_kind_parses_in_aiogram(tg: FakeTelegram) -> None:
    chat = started(tg)
    for kind in MEDIA_KINDS:
        message = tg.send_media(chat, kind)
        parsed = Update.model_validate({"update_id": 1, "message": message}).message
        assert parsed is not None and getattr(parsed, kind) is not None, kind


# -- people, access and errors ----------------------------------------------------------
def test_blocked_unknown_and_unstarted_chats(srv: ThreadedServer, tg: FakeTelegram) -> None:
    chat = started(tg)
    tg.user(222)  # seen by the bot in a group, never wrote to it
    tg.add_group(-500, "Somewhere")
    tg.set_member(-500, 222)
    tg.user(333)  # never wrote to the bot, never seen by it

    async def go(bot: Bot) -> None:
        tg.block(chat)
        with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
            await bot.send_message(chat, "hi")
        tg.unblock(chat)
        await bot.send_message(chat, "hi again")
        with pytest.raises(TelegramBadRequest, match="chat not found"):
            await bot.send_message(999, "hi")
        with pytest.raises(TelegramForbiddenError, match="can't initiate conversation"):
            await bot.send_message(222, "hi")
        for call in (bot.send_message(333, "hi"), bot.get_chat(333),
                     bot.set_my_commands([BotCommand(command="x", description="x")],
                                         scope=BotCommandScopeChat(chat_id=333))):
            with pytest.raises(TelegramBadRequest, match="chat not found"):
                await call
        updates = await bot.get_updates(allowed_updates=["my_chat_member"])
        assert [u.my_chat_member.new_chat_member.status for u in updates
                if u.my_chat_member] == ["kicked", "member"]

    run(srv, go)


def test_injected_errors(srv: ThreadedServer, tg: FakeTelegram) -> None:
    chat = started(tg)
    tg.inject_error("sendMessage", status=429, retry_after=3, times=2)
    tg.inject_error("*", status=500, chat_id=555)

    async def go(bot: Bot) -> None:
        for _ in range(2):
            with pytest.raises(TelegramRetryAfter) as err:
                await bot.send_message(chat, "x")
            assert err.value.retry_after == 3
        await bot.send_message(chat, "x")
        with pytest.raises(TelegramServerError):
            await bot.send_chat_action(555, "typing")

    run(srv, go)
    assert [c.status for c in tg.calls_to("sendMessage", "sendChatAction")] == [
        429, 429, 200, 500]


def test_optional_rate_limits() -> None:
    with running_in_thread(FakeTelegram(rate_limits=True)) as server:
        chat = started(server.tg)
        codes = [http(server, "sendMessage", body={"chat_id": chat, "text": "x"})[0]
                 for _ in range(4)]
    assert codes == [200, 200, 200, 429]  # a burst of 3, then 1 message per second


def test_forum_topics(srv: ThreadedServer, tg: FakeTelegram) -> None:
    group = -1001234567890
    tg.add_forum_group(group, "Defenders")
    tg.add_group(-1009, "Plain")
    started(tg)

    async def go(bot: Bot) -> None:
        topic = await bot.create_forum_topic(group, "Case #1")
        thread = topic.message_thread_id
        sent = await bot.send_message(group, "new case", message_thread_id=thread)
        assert sent.message_thread_id == thread and sent.is_topic_message
        with pytest.raises(TelegramBadRequest, match="message thread not found"):
            await bot.send_message(group, "x", message_thread_id=thread + 100)
        tg.send_text(111, "I'll take it", chat_id=group, thread_id=thread)
        await bot.close_forum_topic(group, thread)
        with pytest.raises(TelegramBadRequest, match="TOPIC_CLOSED"):
            await bot.send_message(group, "x", message_thread_id=thread)
        await bot.reopen_forum_topic(group, thread)
        await bot.edit_forum_topic(group, thread, name="Case #1 (taken)")
        await bot.delete_forum_topic(group, thread)
        with pytest.raises(TelegramBadRequest, match="message thread not found"):
            await bot.send_message(group, "x", message_thread_id=thread)
        with pytest.raises(TelegramBadRequest, match="the chat is not a forum"):
            await bot.create_forum_topic(-1009, "nope")
        chat = await bot.get_chat(group)
        assert chat.is_forum
        me = await bot.get_chat_member(group, tg.bot_id)
        assert me.status == "administrator"

    run(srv, go)
    [topic] = tg.topics(group)
    assert topic.deleted and topic.name == "Case #1 (taken)"
    kinds = [(m.kind, m.from_bot) for m in tg.history(group, include_deleted=True)]
    assert kinds == [("service", True), ("text", True), ("text", False), ("service", True),
                     ("service", True), ("service", True)]


def test_pinning_a_message_in_a_forum_topic(srv: ThreadedServer, tg: FakeTelegram) -> None:
    """pinChatMessage: the message is pinned (getChat shows the latest), a service message with
    `pinned_message` is posted in the topic of the pinned message; a missing or service message
    cannot be pinned."""
    group = -1001234567890
    tg.add_forum_group(group, "Defenders")
    started(tg)

    async def go(bot: Bot) -> tuple[int, int, int]:
        thread = (await bot.create_forum_topic(group, "Case #1")).message_thread_id
        first = await bot.send_message(group, "summary", message_thread_id=thread)
        howto = await bot.send_message(group, "how to answer", message_thread_id=thread)
        assert (await bot.get_chat(group)).pinned_message is None
        assert await bot.pin_chat_message(group, howto.message_id, disable_notification=True)
        pinned = (await bot.get_chat(group)).pinned_message
        assert pinned is not None and pinned.message_id == howto.message_id
        with pytest.raises(TelegramBadRequest, match="message to pin not found"):
            await bot.pin_chat_message(group, howto.message_id + 100)
        with pytest.raises(TelegramBadRequest, match="message to pin not found"):
            await bot.pin_chat_message(group, thread)  # the "topic created" service message
        assert await bot.pin_chat_message(group, first.message_id)
        latest = (await bot.get_chat(group)).pinned_message
        assert latest is not None and latest.message_id == first.message_id
        return thread, first.message_id, howto.message_id

    thread, first, howto = run(srv, go)
    assert tg.pinned(group) == [howto, first]
    posts = [m for m in tg.history(group, thread_id=thread) if "pinned_message" in m.payload]
    assert [m.payload["pinned_message"]["message_id"] for m in posts] == [howto, first]
    assert all(m.kind == "service" and m.from_bot for m in posts)
    tg.call("deleteMessage", {"chat_id": group, "message_id": first})
    assert tg.pinned(group) == [howto]


def test_commands_per_scope_and_language(srv: ThreadedServer, tg: FakeTelegram) -> None:
    async def go(bot: Bot) -> None:
        await bot.set_my_commands([BotCommand(command="start", description="Begin")])
        await bot.set_my_commands([BotCommand(command="start", description="Бастау")],
                                  scope=BotCommandScopeAllPrivateChats(), language_code="kk")
        assert [c.command for c in await bot.get_my_commands()] == ["start"]
        with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
            await bot.set_my_commands([BotCommand(command="Bad-Name", description="x")])
        await bot.delete_my_commands()

    run(srv, go)
    assert tg.commands() == []
    assert tg.commands("all_private_chats", "kk") == [
        {"command": "start", "description": "Бастау"}]


# -- updates -------------------------------------------------------------------------------
def test_long_polling_delivers_text_and_press(srv: ThreadedServer, tg: FakeTelegram) -> None:
    chat = started(tg)

    async def go(bot: Bot) -> None:
        [first] = await bot.get_updates()
        assert first.message and first.message.text == "/start"
        assert first.message.entities and first.message.entities[0].type == "bot_command"
        threading.Timer(0.2, tg.send_text, (chat, "hello")).start()
        t0 = time.monotonic()
        [update] = await bot.get_updates(offset=first.update_id + 1, timeout=5)
        assert time.monotonic() - t0 < 2 and update.message and update.message.text == "hello"
        sent = await bot.send_message(chat, "pick", reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="Yes", callback_data="yes")]]))
        query_id = tg.press(chat, sent.message_id, "yes")
        [press] = await bot.get_updates(offset=update.update_id + 1, timeout=1)
        assert press.callback_query and press.callback_query.data == "yes"
        assert press.callback_query.message and press.callback_query.message.message_id == \
            sent.message_id
        await bot.answer_callback_query(query_id, text="Saved")
        with pytest.raises(TelegramBadRequest, match="query is too old"):
            await bot.answer_callback_query(query_id)
        assert await bot.get_updates(offset=press.update_id + 1) == []

    run(srv, go)
    assert tg.callback_answers[next(iter(tg.callback_answers))]["text"] == "Saved"
    tg.wait_idle(quiet=0.05, timeout=2)  # everything was fetched


def test_second_poller_terminates_the_first(srv: ThreadedServer) -> None:
    async def go(bot: Bot) -> None:
        first = asyncio.create_task(bot.get_updates(timeout=5))
        await asyncio.sleep(0.2)
        second = asyncio.create_task(bot.get_updates(timeout=0))
        with pytest.raises(TelegramConflictError):
            await first
        assert await second == []

    run(srv, go)


def test_a_poller_that_hangs_up_does_not_swallow_updates(srv: ThreadedServer,
                                                         tg: FakeTelegram) -> None:
    async def go(bot: Bot) -> None:
        gone = asyncio.create_task(bot.get_updates(timeout=5))
        await asyncio.sleep(0.2)
        gone.cancel()  # like a bot killed mid-poll
        await asyncio.sleep(0.1)
        started(tg)
        await asyncio.sleep(0.1)
        [update] = await bot.get_updates()
        assert update.message and update.message.text == "/start"

    run(srv, go)


def test_wait_idle_explains_a_bot_that_is_not_polling(tg: FakeTelegram) -> None:
    started(tg)
    with pytest.raises(TimeoutError, match=r"1 update.*not fetched.*never"):
        tg.wait_idle(timeout=0.2)


# -- end to end ----------------------------------------------------------------------------
def echo_dispatcher() -> Dispatcher:
    dp = Dispatcher()

    @dp.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(f"echo: <b>{message.text}</b>", reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="Again", callback_data="again"),
                              InlineKeyboardButton(text="Stop", callback_data="stop")]]))

    @dp.callback_query()
    async def pressed(query: CallbackQuery) -> None:
        await query.answer(f"got {query.data}")

    return dp


def test_in_process_dispatcher_with_person(srv: ThreadedServer, tg: FakeTelegram) -> None:
    loop = asyncio.new_event_loop()
    dp = echo_dispatcher()
    bot = make_bot(srv.url)
    thread = threading.Thread(target=loop.run_until_complete, args=(dp.start_polling(
        bot, polling_timeout=1, handle_signals=False),), daemon=True)
    mark = tg.mark()
    thread.start()
    try:
        tg.wait_polling(timeout=5, since=mark)
        aigerim = Person(tg, 111)
        aigerim.send("hello")
        assert aigerim.screen is not None and aigerim.screen.text == "echo: hello"
        assert aigerim.screen.html == "echo: <b>hello</b>"
        assert aigerim.buttons == ["Again", "Stop"]
        aigerim.press("Again")
        assert aigerim.callback_answer == "got again"
        aigerim.press("sto")  # a unique substring is enough
        assert aigerim.callback_answer == "got stop"
        with pytest.raises(LookupError, match=r"visible: \['Again', 'Stop'\]"):
            aigerim.press("Nope")
        assert aigerim.bot_texts() == ["echo: hello"]
    finally:
        # The loop ends with start_polling, so stop_polling itself never resumes: join instead.
        asyncio.run_coroutine_threadsafe(dp.stop_polling(), loop)
        thread.join(5)
        assert not thread.is_alive()
        loop.close()


# A stdlib-only bot: the harness is what's under test, and importing aiogram costs ~5 s here.
ECHO_BOT = textwrap.dedent("""
    import json, os, signal, sys, urllib.request

    BASE = os.environ["TELEGRAM_API_URL"] + "/bot" + os.environ["BOT_TOKEN"] + "/"

    def call(method, **params):
        body = json.dumps(params).encode()
        request = urllib.request.Request(BASE + method, data=body,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)["result"]

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("database", os.environ["DATABASE_URL"], flush=True)
    offset = None
    while True:
        for update in call("getUpdates", offset=offset, timeout=1):
            offset = update["update_id"] + 1
            message = update.get("message") or {}
            if "text" in message:
                call("sendMessage", chat_id=message["chat"]["id"], text="echo: " + message["text"])
""")


def test_bot_process_start_stop_kill(srv: ThreadedServer, tg: FakeTelegram,
                                     tmp_path: Path) -> None:
    script = tmp_path / "echo_bot.py"
    script.write_text(ECHO_BOT)
    proc = BotProcess.for_server(srv, tmp_path / "data", command=[sys.executable, str(script)])
    proc.start()
    aigerim = Person(tg, 111)
    aigerim.send("hi")
    assert aigerim.bot_texts() == ["echo: hi"]
    assert proc.stop() == 0  # SIGTERM is a graceful stop
    assert f"database {proc.database_url}" in proc.logs()  # SQLite, or the PostgreSQL run's
    proc.start()
    assert proc.kill() == -9 and "start #2" in proc.logs()
