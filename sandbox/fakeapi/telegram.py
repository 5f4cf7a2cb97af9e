"""FakeTelegram: the thread-safe face of the fake Bot API.

Tests (or the sandbox) play people and observe the bot through it from any thread, while the
HTTP server calls `call()` / `poll_step()` from its own event loop thread.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from . import (  # noqa: F401  (they register the methods)
    chats_api,
    files_api,
    media_api,
    messages_api,
    reactions_api,
    webhook,
)
from . import people as _people
from .errors import ApiError
from .limits import Fault, RateLimits
from .models import Call, Chat, Event, FakeMessage, FakeUser, Topic
from .params import Params
from .registry import METHODS, canonical
from .world import World

DEFAULT_TOKEN = "123456:TEST-token"  # noqa: S105  (a fake bot's token, not a secret)
DEFAULT_USERNAME = "qorgau_test_bot"
CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
MEMBER_STATUSES = frozenset({"creator", "administrator", "member", "restricted", "left",
                             "kicked"})
log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class WebhookPost:
    update_id: int
    started: float  # time.monotonic()
    ended: float
    status: int | None  # None: no HTTP answer (connection refused, reset, timeout)
    error: str | None  # None for a 2xx


class FakeTelegram:
    # Every wait (wait_for, wait_idle) lasts this many times its timeout: a test suite on a
    # busy machine raises it (tests/conftest.py) rather than every timeout in every test.
    patience: float = 1.0

    def __init__(self, token: str = DEFAULT_TOKEN, bot_username: str = DEFAULT_USERNAME,
                 bot_name: str = "Qorgau", rate_limits: bool | RateLimits = False,
                 strict_html: bool = False) -> None:
        self._lock = threading.RLock()
        self._listener_lock = threading.Lock()
        self._w = World(token, bot_username, bot_name, strict_html)
        if rate_limits:
            self._w.rate_limits = rate_limits if isinstance(rate_limits, RateLimits) \
                else RateLimits()
        self._calls: list[Call] = []
        self._listeners: list[Callable[[Event], None]] = []
        self._wakers: list[Callable[[], None]] = []
        self._last_activity = time.monotonic()
        self._polls_started = 0
        self._held: set[str] = set()
        self._parked = 0  # calls waiting on a held method right now
        self._latency = 0.0  # lower-case method names whose calls wait (see hold())
        self._late: dict[str, float] = {}  # lower-case method name -> seconds (answer_late())
        self._current_poll = 0
        self._last_poll_at: float | None = None
        # Webhook delivery: the first retry after a failed POST, doubling up to the cap.
        self.webhook_backoff = (0.1, 2.0)
        self._posts: list[WebhookPost] = []

    # -- identity and clock ---------------------------------------------------------------
    @property
    def token(self) -> str:
        return self._w.token

    @property
    def bot_id(self) -> int:
        return self._w.bot_id

    @property
    def bot_username(self) -> str:
        return self._w.bot_username

    def now(self) -> int:
        with self._lock:
            return self._w.now()

    def advance_time(self, seconds: float) -> None:
        """Move the fake clock (message dates, the 48-hour deletion rule) forward."""
        with self._lock:
            self._w.time_offset += seconds

    # -- setting the scene ----------------------------------------------------------------
    def user(self, user_id: int, first_name: str = "Test", language_code: str | None = "ru",
             username: str | None = None, started: bool = False,
             last_name: str | None = None) -> FakeUser:
        """A person; `started`: as if they had written to the bot before (no update)."""
        with self._lock:
            return self._w.add_user(FakeUser(user_id, first_name, language_code, username,
                                             last_name, started=started))

    def set_latency(self, seconds: float) -> None:
        """Answer every method but getUpdates this much later, like a distant Bot API."""
        with self._lock:
            self._latency = max(0.0, seconds)

    @property
    def latency(self) -> float:
        with self._lock:
            return self._latency

    def add_group(self, chat_id: int, title: str, forum: bool = False) -> dict[str, Any]:
        """A supergroup the bot is an administrator of."""
        with self._lock:
            chat = self._w.chats.setdefault(chat_id, Chat(chat_id, "supergroup", title, forum))
            return chat.as_json(self._w.users)

    def add_forum_group(self, chat_id: int, title: str) -> dict[str, Any]:
        return self.add_group(chat_id, title, forum=True)

    def add_basic_group(self, chat_id: int, title: str) -> dict[str, Any]:
        """A basic (not super) group, the kind migrate_group() upgrades."""
        with self._lock:
            chat = self._w.chats.setdefault(chat_id, Chat(chat_id, "group", title))
            return chat.as_json(self._w.users)

    def migrate_group(self, old_chat_id: int, new_chat_id: int,
                      by: FakeUser | int | None = None, forum: bool = False) -> dict[str, Any]:
        """Upgrade a group to a supergroup (`by` pressed the button; default: its creator).
        Members, statuses and topics move to the new id; sends to the old id answer 400
        "group chat was upgraded to a supergroup chat" with migrate_to_chat_id; the old chat
        gets a migrate_to_chat_id service message and the new one migrate_from_chat_id, both
        pushed as `message` updates. Returns the new chat's JSON."""
        return self._act(lambda w: _people.migrate_group(
            w, old_chat_id, new_chat_id, None if by is None else w.person(by), forum))

    def set_member(self, chat_id: int, user_id: int, status: str = "member") -> None:
        """Set what getChatMember reports: creator, administrator, member, restricted, left,
        kicked."""
        if status not in MEMBER_STATUSES:
            raise ValueError(f"unknown status {status!r}; choose from {sorted(MEMBER_STATUSES)}")
        with self._lock:
            self._w.chats[chat_id].members.add(user_id)
            self._w.member_status[(chat_id, user_id)] = status

    def inject_error(self, method: str, status: int = 429, retry_after: int = 1, times: int = 1,
                     chat_id: int | str | None = None, description: str | None = None) -> None:
        """Fail the next `times` calls of `method` ("*" = any but getUpdates)."""
        with self._lock:
            name = method if method == "*" else method.lower()
            self._w.faults.add(Fault(name, status, retry_after, times, chat_id, description))

    def inject_garbled(self, method: str, body: dict[str, Any] | str, times: int = 1,
                       chat_id: int | str | None = None) -> None:
        """Answer the next `times` calls of `method` ("*" = any but getUpdates) with HTTP 200
        and `body`: a JSON object of the wrong shape, or a text that is not JSON at all, as a
        broken proxy might. The bot's client cannot decode it (aiogram: ClientDecodeError)."""
        with self._lock:
            name = method if method == "*" else method.lower()
            self._w.faults.add(Fault(name, 200, 0, times, chat_id, None, body))

    def answer_late(self, seconds: float, *methods: str) -> None:
        """Carry out calls of these methods at once, but answer `seconds` later: the message
        is in the chat (and its update goes out) before the bot learns its id, as when the
        way back from Telegram is slow. 0 ends it."""
        with self._lock:
            for method in methods:
                if seconds > 0:
                    self._late[method.lower()] = seconds
                else:
                    self._late.pop(method.lower(), None)

    def lateness(self, method: str) -> float:
        with self._lock:
            return self._late.get(method.lower(), 0.0)

    def hold(self, *methods: str) -> None:
        """Calls of these methods wait, unanswered, until release(): the moment between a
        request leaving the bot and Telegram acting on it. A call whose client hung up in the
        meantime (a killed bot) is dropped, as if it never arrived."""
        with self._lock:
            self._held.update(m.lower() for m in methods)

    def release(self) -> None:
        with self._lock:
            self._held.clear()

    def is_held(self, method: str) -> bool:
        with self._lock:
            return method.lower() in self._held

    def parked(self) -> int:
        """How many calls are waiting on hold now: a test kills the bot only once every
        request it means to catch has reached Telegram."""
        with self._lock:
            return self._parked

    def park(self, delta: int) -> None:
        with self._lock:
            self._parked += delta

    def clear_errors(self) -> None:
        with self._lock:
            self._w.faults.clear()

    def set_rate_limits(self, limits: RateLimits | None) -> None:
        with self._lock:
            self._w.rate_limits = limits

    # -- playing people -------------------------------------------------------------------
    def send_text(self, user: FakeUser | int, text: str, chat_id: int | None = None,
                  thread_id: int | None = None, reply_to: int | None = None) -> dict[str, Any]:
        """Write a text; `reply_to` (a message id in that chat) makes it a reply, and a reply
        lands in the topic of the message it answers."""
        return self._act(lambda w: _people.send_text(w, w.person(user), text, chat_id,
                                                      thread_id, reply_to))

    def set_auto_delete(self, user: FakeUser | int, seconds: int) -> dict[str, Any]:
        """Turn the person's auto-delete timer for their chat with the bot on (0: off)."""
        return self._act(lambda w: _people.set_auto_delete(w, w.person(user), seconds))

    def push_raw_update(self, kind: str, payload: dict[str, Any]) -> int:
        """Queue an update exactly as given, even one no client library could parse (as a
        newer Bot API may send); returns its update_id."""
        return self._act(lambda w: (w.push_update(kind, payload), w.last_update_id)[1])

    def send_media(self, user: FakeUser | int, kind: str, caption: str | None = None,
                   chat_id: int | None = None, thread_id: int | None = None,
                   reply_to: int | None = None, content: bytes | None = None) -> dict[str, Any]:
        """Send one of MEDIA_KINDS, or "quiz" (a poll the bot can't copy); with `content`, a
        file the bot can download."""
        return self._act(lambda w: _people.send_media(w, w.person(user), kind, caption, chat_id,
                                                       thread_id, reply_to, content))

    def send_document(self, user: FakeUser | int, file_name: str, content: bytes,
                      caption: str | None = None, mime_type: str = "text/csv",
                      chat_id: int | None = None, thread_id: int | None = None,
                      ) -> dict[str, Any]:
        """Send a file with these contents (the bot can getFile and download it); a /command
        in the caption is marked as a bot_command, as clients do."""
        return self._act(lambda w: _people.send_document(w, w.person(user), file_name, content,
                                                          caption, mime_type, chat_id,
                                                          thread_id))

    def send_location(self, user: FakeUser | int, latitude: float, longitude: float,
                      chat_id: int | None = None, thread_id: int | None = None,
                      ) -> dict[str, Any]:
        """Share a point on the map."""
        return self._act(lambda w: _people.send_location(w, w.person(user), latitude,
                                                          longitude, chat_id, thread_id))

    def send_album(self, user: FakeUser | int, kinds: list[str],
                   captions: list[str | None] | None = None, chat_id: int | None = None,
                   thread_id: int | None = None) -> list[dict[str, Any]]:
        """An album of 2–10 photos/videos (or only documents, or only audios): one `message`
        update per item, all with the same media_group_id."""
        return self._act(lambda w: _people.send_album(w, w.person(user), kinds, captions,
                                                       chat_id, thread_id))

    def edit_text(self, user: FakeUser | int, message_id: int, new_text: str,
                  chat_id: int | None = None) -> dict[str, Any]:
        return self._act(lambda w: _people.edit_text(w, w.person(user), message_id, new_text,
                                                      chat_id))

    def edit_caption(self, user: FakeUser | int, message_id: int, new_caption: str,
                     chat_id: int | None = None) -> dict[str, Any]:
        """A person edits the caption of their media message: an `edited_message` update."""
        return self._act(lambda w: _people.edit_caption(w, w.person(user), message_id,
                                                         new_caption, chat_id))

    def press(self, user: FakeUser | int, message_id: int, callback_data: str | None,
              chat_id: int | None = None) -> str:
        """Press a button (any data, even forged); returns the callback query id."""
        return self._act(lambda w: _people.press(w, w.person(user), message_id, callback_data,
                                                  chat_id))

    def block(self, user_id: int) -> None:
        self._act(lambda w: _people.set_blocked(w, w.person(user_id), True))

    def unblock(self, user_id: int) -> None:
        self._act(lambda w: _people.set_blocked(w, w.person(user_id), False))

    def _act(self, action: Callable[[World], T]) -> T:
        with self._lock:
            result = action(self._w)
        self._wake()
        return result

    # -- observing ------------------------------------------------------------------------
    def history(self, chat_id: int, thread_id: int | None = None,
                include_deleted: bool = False) -> list[FakeMessage]:
        """Snapshots of both sides' messages in order (service messages included)."""
        with self._lock:
            return [copy.deepcopy(m) for m in self._w.iter_messages(chat_id)
                    if (include_deleted or not m.deleted)
                    and (thread_id is None or m.thread_id == thread_id)]

    def bot_messages(self, chat_id: int, thread_id: int | None = None,
                     include_deleted: bool = False) -> list[FakeMessage]:
        """The bot's own (non-service) messages."""
        return [m for m in self.history(chat_id, thread_id, include_deleted)
                if m.from_bot and m.kind != "service"]

    def message(self, chat_id: int, message_id: int) -> FakeMessage | None:
        with self._lock:
            msg = self._w.messages.get(chat_id, {}).get(message_id)
            return copy.deepcopy(msg)

    def file(self, file_id: str) -> files_api.StoredFile | None:
        """A file with contents: one a person sent, or one the bot uploaded."""
        with self._lock:
            return self._w.files.get(file_id)

    def download(self, file_path: str) -> bytes | None:
        """The contents at a file_path that getFile gave out (the download address)."""
        with self._lock:
            return files_api.download(self._w, file_path)

    def topics(self, chat_id: int) -> list[Topic]:
        """Every topic ever created in the chat, deleted ones included (see Topic.deleted)."""
        with self._lock:
            return [copy.copy(t) for t in self._w.chats[chat_id].topics.values()]

    def pinned(self, chat_id: int) -> list[int]:
        """The ids of the chat's pinned messages that still exist, oldest first."""
        with self._lock:
            chat = self._w.chats[chat_id]
            return [i for i in chat.pinned if self._w.find(chat_id, i) is not None]

    def topic(self, chat_id: int, thread_id: int) -> Topic | None:
        with self._lock:
            topic = self._w.chats[chat_id].topics.get(thread_id)
            return copy.copy(topic) if topic is not None else None

    @property
    def calls(self) -> list[Call]:
        with self._lock:
            return list(self._calls)

    def calls_to(self, *methods: str, since: int = 0) -> list[Call]:
        """Calls of the given methods (any case), optionally from index `since` of calls."""
        wanted = {m.lower() for m in methods}
        return [c for c in self.calls[since:] if not wanted or c.method.lower() in wanted]

    def commands(self, scope_type: str = "default", language_code: str = "",
                 chat_id: int | None = None, user_id: int | None = None) -> list[dict[str, Any]]:
        with self._lock:
            key = (scope_type, chat_id, user_id, language_code)
            return copy.deepcopy(self._w.commands.get(key, []))

    @property
    def callback_answers(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            return copy.deepcopy(self._w.callback_answers)

    def pending_updates(self) -> int:
        """Updates the bot has not confirmed yet (by asking getUpdates past them, or answering
        their webhook POST): as Telegram counts, still the bot's to take or to finish storing."""
        with self._lock:
            return len(self._w.updates)

    def add_listener(self, fn: Callable[[Event], None]) -> None:
        """fn(event) runs after each bot-side change, outside the state lock."""
        with self._lock:
            self._listeners.append(fn)

    def remove_listener(self, fn: Callable[[Event], None]) -> None:
        with self._lock:
            self._listeners.remove(fn)

    # -- waiting --------------------------------------------------------------------------
    def mark(self) -> int:
        """A point in time for wait_polling(since=...): the count of polls started so far."""
        with self._lock:
            return self._polls_started

    @property
    def is_polling(self) -> bool:
        """True once the bot has called getUpdates at least once."""
        with self._lock:
            return self._polls_started > 0

    def wait_polling(self, timeout: float = 10.0, since: int = 0) -> None:
        """Return once the bot has called getUpdates after mark() returned `since`."""
        self.wait_for(lambda: self.mark() > since, timeout,
                      "the bot did not call getUpdates")

    def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0,
                 message: str = "condition not met", patient: bool = True) -> T:
        """`patient`: the timeout is a failure's (scaled by `patience`), not a wait that is
        expected to run out."""
        timeout *= self.patience if patient else 1.0
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() >= deadline:
                raise TimeoutError(f"{message} within {timeout} s")
            time.sleep(0.01)

    def wait_idle(self, quiet: float = 0.2, timeout: float = 10.0, patient: bool = True,
                  ) -> None:
        """Wait until the bot fetched every update and then made no calls for `quiet` s."""
        timeout *= self.patience if patient else 1.0
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                unfetched = self._w.last_update_id - self._w.fetched_upto
                calm = time.monotonic() - self._last_activity
                last_poll = self._last_poll_at
            if unfetched <= 0 and calm >= quiet:
                return
            if time.monotonic() >= deadline:
                raise TimeoutError(self._idle_report(unfetched, calm, last_poll, timeout))
            time.sleep(min(0.01, max(quiet - calm, 0.001)))

    def _idle_report(self, unfetched: int, calm: float, last_poll: float | None,
                     timeout: float) -> str:
        if unfetched > 0:
            when = "never" if last_poll is None else \
                f"{time.monotonic() - last_poll:.1f} s ago"
            return (f"bot not idle after {timeout} s: {unfetched} update(s) not fetched; "
                    f"last getUpdates started {when} — is the bot running and polling?")
        recent = [c.method for c in self.calls[-5:] if c.method != "getUpdates"]
        return (f"bot not idle after {timeout} s: still calling the API "
                f"(last call {calm:.2f} s ago; recent: {', '.join(recent) or '-'})")

    # -- webhooks -------------------------------------------------------------------------
    def webhook_info(self) -> dict[str, Any]:
        """What getWebhookInfo answers (url "" when none is set)."""
        with self._lock:
            return webhook.get_webhook_info(self._w, Params({}))

    @property
    def webhook_posts(self) -> list[WebhookPost]:
        """Every POST made to the bot's webhook, oldest first, with its result."""
        with self._lock:
            return list(self._posts)

    def webhook_due(self) -> tuple[list[webhook.Delivery], float | None]:
        """For the server: updates to POST now, and when a retry falls due."""
        with self._lock:
            return webhook.due(self._w)

    def webhook_done(self, delivery: webhook.Delivery, started: float, status: int | None,
                     error: str | None) -> None:
        """For the server: the answer to one POST (error None for a 2xx)."""
        with self._lock:
            webhook.delivered(self._w, delivery.update_id, error, self.webhook_backoff)
            self._posts.append(WebhookPost(delivery.update_id, started, time.monotonic(),
                                           status, error))
            if error is None:
                self._last_activity = time.monotonic()
        self._wake()

    # -- serving (used by the HTTP server) ------------------------------------------------
    def add_waker(self, fn: Callable[[], None]) -> None:
        with self._lock:
            self._wakers.append(fn)

    def remove_waker(self, fn: Callable[[], None]) -> None:
        with self._lock:
            if fn in self._wakers:
                self._wakers.remove(fn)

    def call(self, method: str, raw: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Run one method call (getUpdates without waiting); returns (status, JSON body)."""
        entry = METHODS.get(method.lower())
        p = Params(raw)
        try:
            with self._lock:
                if entry is None:
                    raise ApiError(404, "Not Found: method not found")
                fault = self._w.faults.take(method.lower(), raw.get("chat_id"))
                if fault:
                    raise fault
                result = entry[1](self._w, p)
            status, body = 200, {"ok": True, "result": result}
        except ApiError as e:
            status, body = e.status, e.envelope()
        except Exception as e:  # a bug in the fake: answer like a server error, loudly
            log.exception("fake Bot API failed on %s", method)
            status, body = 500, {"ok": False, "error_code": 500,
                                 "description": f"Internal Server Error: {e!r}"}
        self._log(canonical(method), p, status, body)
        return status, body

    def start_poll(self) -> int:
        """Register a getUpdates request; a newer one terminates older ones (409)."""
        with self._lock:
            self._polls_started += 1
            self._current_poll = poll_id = self._polls_started
            self._last_poll_at = time.monotonic()
        self._wake()  # an older long poll must notice it was superseded
        return poll_id

    def poll_step(self, raw: dict[str, Any], poll_id: int, first: bool, final: bool,
                  ) -> tuple[int, dict[str, Any]] | None:
        """One look at the queue for a long poll: a response, or None to keep waiting."""
        with self._lock:
            superseded = poll_id != self._current_poll
        if superseded:
            status, body = 409, ApiError(409, CONFLICT).envelope()
            self._log("getUpdates", Params(raw), status, body)
            return status, body
        if first:
            with self._lock:
                fault = self._w.faults.take("getupdates", None)
            if fault:
                self._log("getUpdates", Params(raw), fault.status, fault.envelope())
                return fault.status, fault.envelope()
        try:
            with self._lock:
                updates = METHODS["getupdates"][1](self._w, Params(raw))
        except ApiError as e:
            self._log("getUpdates", Params(raw), e.status, e.envelope())
            return e.status, e.envelope()
        if not updates and not final:
            return None
        if updates:
            with self._lock:
                self._last_activity = time.monotonic()
        body = {"ok": True, "result": updates}
        self._log("getUpdates", Params(raw), 200, body)
        return 200, body

    def _log(self, method: str, p: Params, status: int, body: dict[str, Any]) -> None:
        with self._lock:
            self._calls.append(Call(method, p.loggable(), status, body.get("description"),
                                    time.monotonic()))
            if method != "getUpdates":
                self._last_activity = time.monotonic()
            events, self._w.events = self._w.events, []
            listeners = list(self._listeners)
        if events and listeners:
            with self._listener_lock:  # keeps listener output in order across threads
                for event in events:
                    for fn in listeners:
                        try:
                            fn(event)
                        except Exception:
                            log.exception("fake Bot API listener failed")

    def _wake(self) -> None:
        with self._lock:
            wakers = list(self._wakers)
        for fn in wakers:
            fn()
