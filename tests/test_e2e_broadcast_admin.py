"""The admin's side of broadcasts over HTTP with the real bot process: composing in two
languages with the previews and the summary, confirming, delivery in each subscriber's language
only (silently, with the quick exit button), a blocked subscriber ending inactive, pause /
resume / cancel from /broadcasts, a version Telegram rejects caught at the preview, and anyone
but an admin refused.

Subscribers are rows of the bot's database written before it starts; they are Telegram users
who have written to the bot before (`started`), so the bot may write to them."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from pathlib import Path
from typing import Any

from bot.broadcast.callbacks import BcCompose, BcControl, ComposeAction, ControlAction
from bot.kit.text import utf16_len
from bot.settings import default_key_file
from sandbox.fakeapi import ThreadedServer
from storage import unit as uow
from storage.crypto import Sealer, load_or_create_key
from storage.subscriptions import SubscriptionsRepo
from tests.databases import database_at, e2e_database
from tests.databases import query as query_at
from tests.harness import BotProcess, Person, start_bot
from tests.screens import label, plain

ADMIN = 8_900_001
_ids = itertools.count(8_900_101)
REJECTION = "Bad Request: can't parse entities: unsupported start tag \"blink\" at byte offset 0"


def seed(data: Path, subscribers: dict[int, str]) -> None:
    """The bot's database, migrated, with these chats subscribed (chat -> language)."""
    async def subscribe() -> None:
        db = database_at(e2e_database(data), Sealer(load_or_create_key(default_key_file())))
        await db.connect()
        try:
            unit = uow.UnitOfWork(db)  # one commit; the repository keys and seals the ids
            with uow.active(unit):
                for chat, loc in subscribers.items():
                    await SubscriptionsRepo(db).subscribe(chat, loc)
            await unit.commit()
        finally:
            await db.close()

    data.mkdir(parents=True, exist_ok=True)
    asyncio.run(subscribe())


def query(data: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    """Rows of the database of the bot whose data directory is `data` (SQLite or PostgreSQL)."""
    return query_at(e2e_database(data), sql, params)


class Scene:
    def __init__(self, api: ThreadedServer, data: Path, subscribers: dict[int, str],
                 **env: str) -> None:
        self.api, self.tg, self.data = api, api.tg, data
        self.subscribers = subscribers
        for chat, loc in subscribers.items():
            self.tg.user(chat, "Subscriber", loc, started=True)
        self.admin = Person(self.tg, ADMIN, "en", first_name="Admin")
        seed(data, subscribers)
        self.bot: BotProcess = start_bot(api, data, extra_env={"ADMIN_IDS": str(ADMIN), **env})

    def admin_says_formatted(self, text: str, bold: int) -> None:
        """A text with its first `bold` characters in bold, as a client sends it."""
        before = len(self.tg.calls)
        user = {"id": ADMIN, "is_bot": False, "first_name": "Admin", "language_code": "en"}
        self.tg.push_raw_update("message", {
            "message_id": 900_000 + before, "date": int(time.time()), "from": user,
            "chat": {"id": ADMIN, "type": "private", "first_name": "Admin"}, "text": text,
            "entities": [{"type": "bold", "offset": 0, "length": bold}]})
        self.admin.wait_reply(before)

    def sends_to(self, chat: int, *methods: str) -> list[Any]:
        return [c for c in self.tg.calls_to(*(methods or ("sendMessage", "sendPhoto")))
                if str(c.params.get("chat_id")) == str(chat) and c.status == 200]

    def delivered(self) -> int:
        return sum(len(self.sends_to(chat)) for chat in self.subscribers)

    def settled_count(self, calm: float = 1.0, timeout: float = 8.0) -> int:
        """Deliveries once they stop: sends the queue had in flight still land after a pause
        or a cancel (up to its in-flight limit), none after that."""
        deadline = time.monotonic() + timeout
        last, since = self.delivered(), time.monotonic()
        while time.monotonic() - since < calm:
            assert time.monotonic() < deadline, "deliveries did not stop"
            time.sleep(0.1)
            if (now := self.delivered()) != last:
                last, since = now, time.monotonic()
        return last

    def broadcast_state(self, broadcast_id: int) -> str:
        return str(query(self.data, "SELECT state FROM broadcasts WHERE id = ?",
                         broadcast_id)[0][0])

    def compose_one(self, button: str, text: str) -> int:
        """/broadcast for one language, up to the summary; returns the draft's id."""
        self.admin.send("/broadcast")
        self.admin.press(button)
        self.admin.send(text)
        return int(query(self.data, "SELECT MAX(id) FROM broadcasts")[0][0])


def en(msg_id: str, **args: object) -> str:
    return plain("en", msg_id, **args)


def test_compose_preview_confirm_and_deliver_in_each_language(api: ThreadedServer,
                                                              tmp_path: Path) -> None:
    kk1, kk2, ru1, ru_blocked, en1 = (next(_ids) for _ in range(5))
    scene = Scene(api, tmp_path, {kk1: "kk", kk2: "kk", ru1: "ru", ru_blocked: "ru",
                                  en1: "en"})
    tg, admin = scene.tg, scene.admin
    try:
        admin.send("/broadcast")
        assert en("bc-audience").splitlines()[0] in admin.screen.text
        assert admin.buttons[:4] == ["All subscribers · 5", "Kazakh · 2", "Russian · 2",
                                     "English · 1"]
        admin.press("All subscribers")
        assert "Kazakh" in admin.screen.text and "Skip this language" in admin.buttons

        admin.send_media("sticker")  # not a kind a broadcast can carry: asked again, calmly
        assert en("bc-ask-again") in admin.screen.text and "Kazakh" in admin.screen.text
        before = len(tg.calls)
        tg.send_album(admin.user, ["photo", "photo"])  # an album is not one version each
        admin.wait_reply(before)
        assert en("bc-ask-again") in admin.screen.text and "Kazakh" in admin.screen.text
        scene.admin_says_formatted("Маңызды: заң өзгерді", bold=7)
        assert "Russian" in admin.screen.text
        admin.send_media("photo", caption="Важно: закон изменился")
        assert "English" in admin.screen.text
        calls_before = len(tg.calls)
        admin.press("Skip this language")

        # the previews, exactly as subscribers get them, then the summary below them
        previews = [m for m in admin.bot_messages() if "🚪" in " ".join(m.labels)]
        assert [m.kind for m in previews[-2:]] == ["text", "photo"]
        kk_preview, ru_preview = previews[-2:]
        # under the neutral first line a lock screen shows; the bold word still bold
        assert kk_preview.text == f"{plain('kk', 'contact-head')}\nМаңызды: заң өзгерді"
        head = utf16_len(plain("kk", "contact-head")) + 1
        assert kk_preview.entities[0] == {"type": "bold", "offset": head, "length": 7}
        assert ru_preview.text == f"{plain('ru', 'contact-head')}\nВажно: закон изменился"
        assert kk_preview.labels == [label("kk", "btn-exit")]
        assert ru_preview.labels == [label("ru", "btn-exit")]
        summary = admin.screen.text
        assert "Kazakh: 2" in summary and "Russian: 2" in summary
        assert "English: no version, 1 subscribers left out" in summary
        assert "In all: 4. Sending takes about 1 s." in summary
        assert admin.buttons == ["📤 Send now", "🗓 Schedule", "✖ Cancel"]
        assert not [c for c in tg.calls[calls_before:]
                    if str(c.params.get("chat_id")) in {str(s) for s in scene.subscribers}]

        # blocked now: marked inactive by the my_chat_member update or by the send's 403,
        # whichever comes first
        tg.block(ru_blocked)
        admin.press("Send now")
        progress = admin.screen
        assert "Broadcast #1" in progress.text
        tg.wait_for(lambda: len(scene.sends_to(kk1)) + len(scene.sends_to(kk2))
                    + len(scene.sends_to(ru1)) == 3, timeout=15)
        stored = query(tmp_path, "SELECT progress_chat, progress_message FROM broadcasts")
        assert stored == [(ADMIN, progress.message_id)]

        for chat in (kk1, kk2):  # their language only, silently, with the quick exit button
            [call] = scene.sends_to(chat)
            assert call.method.lower() == "sendmessage"
            assert call.params["text"] == f"{plain('kk', 'contact-head')}\nМаңызды: заң өзгерді"
            assert call.params.get("disable_notification") in (True, "true")
            assert tg.bot_messages(chat)[-1].labels == [label("kk", "btn-exit")]
            assert tg.bot_messages(chat)[-1].entities[0]["type"] == "bold"
        [call] = scene.sends_to(ru1)
        assert call.method.lower() == "sendphoto"
        assert call.params.get("caption") == \
            f"{plain('ru', 'contact-head')}\nВажно: закон изменился"
        assert call.params.get("disable_notification") in (True, "true")
        assert tg.bot_messages(ru1)[-1].labels == [label("ru", "btn-exit")]
        assert scene.sends_to(en1) == []  # no English version: nothing

        tg.wait_for(lambda: query(tmp_path, "SELECT active FROM subscriptions WHERE chat_id = ?",
                                  scene.bot.keyed_id(ru_blocked)) == [(0,)], timeout=15)
        # the worker leaves the final report in the progress message
        tg.wait_for(lambda: "finished" in tg.message(ADMIN, progress.message_id).text,
                    timeout=15)
        final = tg.message(ADMIN, progress.message_id).text
        assert "Sent: 3 of " in final
        assert scene.sends_to(ru_blocked) == []

        admin.send("/broadcasts")
        assert "#1 · ✅ finished · all subscribers" in admin.screen.text
        assert "sent 3 of" in admin.screen.text
    finally:
        scene.bot.stop()


def test_pause_resume_and_cancel_from_the_list_and_outsiders_refused(
        api: ThreadedServer, tmp_path: Path) -> None:
    count = 40
    subscribers = {next(_ids): "ru" for _ in range(count)}
    scene = Scene(api, tmp_path, subscribers, SEND_RATE="4")
    tg, admin = scene.tg, scene.admin
    outsider = Person(tg, next(_ids), "ru")
    try:
        outsider.send("/broadcast")  # the ordinary first screen, not the composer
        assert en("bc-audience").splitlines()[0] not in " ".join(outsider.bot_texts())
        assert outsider.bot_texts(), "the outsider got no answer at all"

        broadcast_id = scene.compose_one("Russian · 40", "Пауза и отмена")
        admin.press("Send now")
        progress = admin.screen
        assert progress is not None and f"⏸ Pause #{broadcast_id}" in progress.labels
        tg.wait_for(lambda: scene.delivered() >= 2, timeout=10)

        # a forged press from anyone but an admin changes nothing
        screen = outsider.screen
        assert screen is not None
        for forged in (BcControl(id=broadcast_id, act=ControlAction.CANCEL_YES),
                       BcControl(id=broadcast_id, act=ControlAction.PAUSE),
                       BcCompose(act=ComposeAction.SEND, id=broadcast_id)):
            outsider.press_data(forged.pack(), screen.message_id)
            assert outsider.callback_answer == label("ru", "stale-button")
        assert scene.broadcast_state(broadcast_id) == "running"

        admin.send("/broadcasts")
        assert "▶️ sending" in admin.screen.text
        admin.press(f"Pause #{broadcast_id}")
        assert admin.callback_answer == "Paused."
        assert "⏸ paused" in admin.screen.text
        paused_at = scene.settled_count()
        time.sleep(1.5)
        assert scene.delivered() == paused_at < count

        # resumed from the progress message, which then reads "sending" again
        tg.wait_for(lambda: f"▶️ Resume #{broadcast_id}" in tg.message(
            ADMIN, progress.message_id).labels, timeout=10)
        admin.press(f"Resume #{broadcast_id}", message_id=progress.message_id)
        assert admin.callback_answer == "Resumed."
        assert "sending" in tg.message(ADMIN, progress.message_id).text
        tg.wait_for(lambda: scene.delivered() > paused_at, timeout=10)

        admin.press(f"Cancel #{broadcast_id}")
        assert f"Cancel broadcast #{broadcast_id}?" in admin.screen.text
        admin.press("No, keep it")
        assert scene.broadcast_state(broadcast_id) == "running"
        admin.press(f"Cancel #{broadcast_id}")
        admin.press("Yes, cancel it")
        assert admin.callback_answer == "Cancelled."
        assert "✖ cancelled" in admin.screen.text
        cancelled_at = scene.settled_count()
        time.sleep(1.5)
        assert scene.delivered() == cancelled_at < count
        assert scene.broadcast_state(broadcast_id) == "cancelled"
        left = query(tmp_path, "SELECT COUNT(*) FROM outbox WHERE kind = 'broadcast' AND"
                     " state = 'cancelled'")[0][0]
        assert left == count - cancelled_at
        # nobody got it twice
        assert all(len(scene.sends_to(chat)) <= 1 for chat in subscribers)
    finally:
        scene.bot.stop()


def test_a_version_telegram_rejects_is_caught_at_the_preview(api: ThreadedServer,
                                                             tmp_path: Path) -> None:
    kk1 = next(_ids)
    scene = Scene(api, tmp_path, {kk1: "kk"})
    tg, admin = scene.tg, scene.admin
    try:
        admin.send("/broadcast")
        admin.press("Kazakh · 1")
        tg.inject_error("sendMessage", status=400, description=REJECTION, chat_id=ADMIN)
        admin.send("Жаңалық")
        assert f"Telegram rejected the Kazakh version: {REJECTION}" in admin.screen.text
        assert admin.buttons == ["↩️ Start over", "✖ Cancel"]
        # a forged "send now" for the rejected draft starts nothing
        draft = int(query(tmp_path, "SELECT MAX(id) FROM broadcasts")[0][0])
        admin.press_data(BcCompose(act=ComposeAction.SEND, id=draft).pack(),
                         admin.screen.message_id)
        assert admin.callback_answer == en("bc-not-draft")
        assert scene.broadcast_state(draft) == "draft"

        admin.press("Start over")
        assert admin.buttons[1] == "Kazakh · 1"
        assert scene.broadcast_state(draft) == "cancelled"
        admin.press("Cancel")
        assert admin.screen.text == en("bc-cancelled-draft")
        assert scene.sends_to(kk1) == []
    finally:
        scene.bot.stop()


def test_a_text_too_long_for_the_neutral_first_line_is_asked_again(api: ThreadedServer,
                                                                    tmp_path: Path) -> None:
    kk1 = next(_ids)
    scene = Scene(api, tmp_path, {kk1: "kk"})
    admin = scene.admin
    room = 4096 - utf16_len(plain("kk", "contact-head")) - 1  # Telegram's limit, less the head
    try:
        admin.send("/broadcast")
        admin.press("Kazakh · 1")
        admin.send("ә" * 4096)  # as much as Telegram lets the admin write
        assert en("bc-text-long", limit=room) in admin.screen.text
        assert "Kazakh" in admin.screen.text  # the same language asked again
        admin.send("ә" * room)
        assert "In all: 1." in admin.screen.text  # fits: previewed and summed up
        preview = [m for m in admin.bot_messages() if "🚪" in " ".join(m.labels)][-1]
        assert utf16_len(preview.text or "") == 4096
    finally:
        scene.bot.stop()


def test_schedule_for_later(api: ThreadedServer, tmp_path: Path) -> None:
    ru1 = next(_ids)
    scene = Scene(api, tmp_path, {ru1: "ru"})
    admin = scene.admin
    try:
        broadcast_id = scene.compose_one("Russian · 1", "Консультация в субботу")
        admin.press("Schedule")
        assert "Almaty time" in admin.screen.text
        admin.send("2020-01-01 10:00")
        assert en("bc-when-past") in admin.screen.text
        admin.send("soon")
        assert en("bc-when-format") in admin.screen.text
        admin.send("+2h")
        assert f"Broadcast #{broadcast_id} starts at" in admin.screen.text
        [(state, at)] = query(tmp_path, "SELECT state, not_before FROM broadcasts WHERE id = ?",
                              broadcast_id)
        assert state == "scheduled" and abs(at - (time.time() + 7200)) < 60
        admin.send("/broadcasts")
        assert "🗓 scheduled" in admin.screen.text and "starts at" in admin.screen.text
        admin.press(f"Cancel #{broadcast_id}")
        admin.press("Yes, cancel it")
        assert scene.broadcast_state(broadcast_id) == "cancelled"
        assert scene.sends_to(ru1) == []
        assert json.dumps(admin.bot_texts())  # the chat is readable text throughout
    finally:
        scene.bot.stop()
