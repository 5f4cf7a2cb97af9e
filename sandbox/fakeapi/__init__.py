"""An in-process fake Telegram Bot API: the real bot talks HTTP to it, tests play people.

    with running_in_thread() as server:          # or: await start_server(tg) in one loop
        # point the bot at server.url (TELEGRAM_API_URL), token server.tg.token
        tg = server.tg
        tg.user(111, "Aigerim")
        tg.send_text(111, "/start")
        tg.wait_idle()
        print(tg.bot_messages(111)[-1].text)

Errors, limits and message JSON follow Telegram (HTML parsing is ported from TDLib).
"""

from .errors import ApiError
from .html import HtmlError, parse_html
from .limits import RateLimits
from .models import Button, Call, Event, FakeMessage, FakeUser, Topic
from .payloads import MEDIA_KINDS
from .server import FakeBotAPI, ThreadedServer, running_in_thread, start_server
from .telegram import DEFAULT_TOKEN, DEFAULT_USERNAME, FakeTelegram

__all__ = [
    "DEFAULT_TOKEN",
    "DEFAULT_USERNAME",
    "MEDIA_KINDS",
    "ApiError",
    "Button",
    "Call",
    "Event",
    "FakeBotAPI",
    "FakeMessage",
    "FakeTelegram",
    "FakeUser",
    "HtmlError",
    "RateLimits",
    "ThreadedServer",
    "Topic",
    "parse_html",
    "running_in_thread",
    "start_server",
]
