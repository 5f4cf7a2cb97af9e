"""Safe contact (issue #23), end to end over HTTP with the stand-in Bot API: what reaches a
person without their press is silent, a quick exit or "not now" holds the defenders' replies
until the person says it is safe (across a kill -9), and erasure reaches the defenders' group.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from bot.handoff.buttons import CaseAction
from dialogs.contact import SAFE_HOURS, describe, wait_for_window
from sandbox.fakeapi import ThreadedServer
from tests.screens import label, plain
from tests.test_e2e_broadcast_delivery import start_news
from tests.test_e2e_handoff import GROUP, Scene, converse, person_says, ru

SENDS = {"sendmessage", "copymessage", "copymessages", "sendphoto", "senddocument",
         "sendvoice", "sendsticker", "sendvideo", "sendaudio", "sendanimation", "sendlocation",
         "sendmediagroup", "forwardmessage", "sendvideonote", "sendvenue", "senddice"}


def taken_case(api: ThreadedServer, tmp_path: Path, **env: str) -> tuple[Scene, int, int]:
    """A case taken by Dana, its topic, and one message of the person's relayed."""
    scene = Scene(api, tmp_path, **env)
    case_id = scene.open_case()
    scene.bot.start()
    topic = scene.topic()
    scene.wait_in_topic(topic, 1)
    scene.say_in_topic(scene.defender.user_id, topic, "/name Дана")
    scene.take(topic, case_id)
    converse(scene)  # the person opens their request: what they type goes to the defender
    return scene, case_id, topic


def topic_texts(scene: Scene, topic: int) -> list[str]:
    return [m.text or "" for m in scene.in_topic(topic) if m.from_bot]


def from_defender(scene: Scene) -> list[str]:
    """What reached the person from the defender (their signed messages), in order."""
    sign = "👤 Дана:"
    return [m.text.split(sign, 1)[1].strip() for m in scene.person.bot_messages()
            if m.text and sign in m.text]


def assert_discreet(scene: Scene, sound_from: int | None = None) -> None:
    """Every message to the person is silent (from call `sound_from` on, only those they did
    not choose sound for); every message to the group is protected from forwarding."""
    for n, call in enumerate(scene.tg.calls):
        if call.method.lower() not in SENDS or call.status != 200:
            continue
        chat = int(call.params.get("chat_id", 0))
        if chat == scene.person.user_id and (sound_from is None or n < sound_from):
            assert call.params.get("disable_notification") is True, call
        elif chat == GROUP:
            assert call.params.get("protect_content") is True, call


def test_quick_exit_holds_replies_until_the_person_says_it_is_safe(
        api: ThreadedServer, tmp_path: Path) -> None:
    scene, _case_id, topic = taken_case(api, tmp_path)
    tg, person = scene.tg, scene.person
    copy = person_says(scene, topic, "Сәлеметсіз бе")
    scene.say_in_topic(scene.defender.user_id, topic, "Бірінші", reply_to=copy.message_id)
    tg.wait_for(lambda: from_defender(scene) == ["Бірінші"], timeout=10)

    person.send("/exit")  # quick exit: the chat is cleared, the contact paused
    tg.wait_for(lambda: ru("case-contact-paused-exit") in topic_texts(scene, topic), timeout=10)
    assert not [m for m in person.bot_messages() if "Бірінші" in (m.text or "")]
    scene.say_in_topic(scene.defender.user_id, topic, "/send Екінші")
    scene.say_in_topic(scene.defender.user_id, topic, "Үшінші", reply_to=copy.message_id)
    tg.wait_for(lambda: ru("case-contact-held") in topic_texts(scene, topic), timeout=10)
    assert topic_texts(scene, topic).count(ru("case-contact-held")) == 1  # once a pause
    assert from_defender(scene) == []  # nothing reached the cleared chat

    scene.bot.kill()  # kill -9 while two replies are held
    scene.bot.start()
    tg.wait_idle(quiet=1.0)
    assert from_defender(scene) == []

    person.send("/start")  # back: the paused screen, before anything else
    assert person.screen is not None
    assert person.screen.text == plain("kk", "contact-paused", count=2)
    assert from_defender(scene) == []
    paused = person.screen.message_id
    person.press(label("kk", "btn-contact-safe"))
    assert tg.message(person.user_id, paused).text == plain(  # the same screen, edited
        "kk", "contact-resumed", sound=plain("kk", "contact-sound-off"))
    tg.wait_for(lambda: from_defender(scene) == ["Екінші", "Үшінші"], timeout=15)  # in order
    # the topic's notices queue behind its earlier ones, under the group's 20 a minute
    tg.wait_for(lambda: ru("case-contact-resumed", count=2) in topic_texts(scene, topic),
                timeout=30)
    for text in person.bot_texts():  # what a lock screen shows names nothing
        if "Дана" in text:
            assert text.splitlines()[0] == plain("kk", "contact-head")
    assert_discreet(scene)
    scene.bot.stop()


def test_news_waits_after_a_quick_exit_until_the_person_says_it_is_safe(
        api: ThreadedServer, tmp_path: Path) -> None:
    scene = Scene(api, tmp_path)
    tg, person = scene.tg, scene.person
    scene.bot.start()
    person.send("/subscribe")
    person.press(label("kk", "btn-news-silent"))
    person.send("/exit")  # no case: the subscription alone is paused
    scene.bot.settle(tg)
    scene.bot.stop()
    asyncio.run(start_news(tg.token, scene.api.url, scene.bot.database_url, scene.bot.data_dir))
    scene.bot.start()
    scene.bot.settle(tg, quiet=1.0)
    assert not [t for t in person.bot_texts() if "news-kk" in t]  # held, not sent

    person.send("/start")
    assert person.screen is not None
    assert person.screen.text == plain("kk", "contact-paused", count=1)
    person.press(label("kk", "btn-contact-safe"))
    tg.wait_for(lambda: [t for t in person.bot_texts() if "news-kk" in t], timeout=15)
    assert_discreet(scene)
    scene.bot.stop()


def test_not_now_pauses_sound_is_the_persons_choice_and_dropping_deletes_unread(
        api: ThreadedServer, tmp_path: Path) -> None:
    scene, _case_id, topic = taken_case(api, tmp_path)
    tg, person = scene.tg, scene.person
    copy = person_says(scene, topic, "Сәлем")

    person.send("/contact")  # the person chooses sound for their defender's messages
    person.press(label("kk", "btn-contact-sound-on"))
    assert plain("kk", "contact-sound-on") in (person.screen.text if person.screen else "")
    sound_from = len(tg.calls)
    scene.say_in_topic(scene.defender.user_id, topic, "Дыбыспен", reply_to=copy.message_id)
    tg.wait_for(lambda: from_defender(scene) == ["Дыбыспен"], timeout=10)
    reply = next(c for c in tg.calls[sound_from:] if c.method == "sendMessage"
                 and int(c.params["chat_id"]) == person.user_id)
    assert reply.params.get("disable_notification") is False

    message = next(m for m in person.bot_messages() if "Дыбыспен" in (m.text or ""))
    person.press(label("kk", "btn-contact-not-now"), message_id=message.message_id)
    assert person.callback_answer == plain("kk", "contact-not-now-done")
    tg.wait_for(lambda: ru("case-contact-paused-not-now") in topic_texts(scene, topic),
                timeout=10)
    scene.say_in_topic(scene.defender.user_id, topic, "Кейін", reply_to=copy.message_id)
    tg.wait_for(lambda: ru("case-contact-held") in topic_texts(scene, topic), timeout=10)

    person.send("/start")
    person.press(label("kk", "btn-contact-drop"))
    assert person.screen is not None
    assert person.screen.text == plain("kk", "contact-dropped", count=1)
    tg.wait_for(lambda: ru("case-contact-dropped", count=1) in topic_texts(scene, topic),
                timeout=10)
    tg.wait_idle(quiet=1.0)
    assert from_defender(scene) == ["Дыбыспен"]  # "Кейін" was deleted unread

    # safe hours that do not include now: a defender's message waits for them
    closed = next(key for key, span in SAFE_HOURS.items() if wait_for_window(time.time(), span))
    person.send("/contact")
    person.press(describe(SAFE_HOURS[closed]))
    scene.say_in_topic(scene.defender.user_id, topic, "Кешке", reply_to=copy.message_id)
    tg.wait_for(lambda: ru("case-contact-later") in topic_texts(scene, topic), timeout=10)
    tg.wait_idle(quiet=1.0)
    assert from_defender(scene) == ["Дыбыспен"]
    assert scene.bot.query("SELECT COUNT(*) FROM outbox WHERE chat_id = ? AND state = 'queued'",
                           (scene.bot.keyed_id(person.user_id),)) == [(1,)]
    assert_discreet(scene, sound_from)
    scene.bot.stop()


def test_forget_deletes_the_topic_and_keeps_one_line_of_record(api: ThreadedServer,
                                                               tmp_path: Path) -> None:
    scene, case_id, topic = taken_case(api, tmp_path)
    tg, person = scene.tg, scene.person
    copy = person_says(scene, topic, "Менің мекенжайым: SECRET-ADDRESS")
    person.send("/exit")  # a reply is held while the contact is paused...
    tg.wait_for(lambda: ru("case-contact-paused-exit") in topic_texts(scene, topic), timeout=10)
    scene.say_in_topic(scene.defender.user_id, topic, "Ұсталған", reply_to=copy.message_id)
    tg.wait_for(lambda: ru("case-contact-held") in topic_texts(scene, topic), timeout=10)
    person.send("/forget")  # ...and erasing drops it: it never reaches the person
    person.press(label("kk", "btn-erase-yes"))
    tg.wait_for(lambda: next(t for t in tg.topics(GROUP) if t.thread_id == topic).deleted,
                timeout=15)
    assert not [m for m in tg.history(GROUP) if m.thread_id == topic]  # all its messages went
    record = ru("case-record-erased", case=case_id, taken=ru("case-record-taken", name="Дана"),
                days=0)
    tg.wait_for(lambda: record in [m.text for m in tg.history(GROUP)], timeout=10)
    assert not [m for m in tg.history(GROUP) if "SECRET" in (m.text or "")]
    assert scene.bot.query("SELECT topic_id, user_id FROM cases") == [(None, None)]
    scene.tg.send_text(scene.defender.user_id, f"/send {case_id} Сәлем", chat_id=GROUP)
    person.send("/start")  # back: a fresh start, nothing held, nothing from the defender
    scene.bot.settle(tg)
    assert person.screen is not None
    assert person.screen.text != plain("kk", "contact-paused", count=1)
    assert from_defender(scene) == []
    assert_discreet(scene)
    scene.bot.stop()


def test_the_retention_purge_deletes_a_closed_cases_topic(api: ThreadedServer,
                                                          tmp_path: Path) -> None:
    scene, case_id, topic = taken_case(api, tmp_path, CASE_RETENTION_DAYS="3")
    scene.press(scene.defender.user_id, topic, CaseAction.CLOSE, case_id)  # asked first
    scene.press(scene.defender.user_id, topic, CaseAction.CLOSE_YES, case_id)
    scene.tg.wait_idle(quiet=0.5)
    scene.bot.stop()
    scene.bot.query("UPDATE cases SET updated_at = updated_at - ?, created_at = created_at - ?",
                    (4 * 86400, 5 * 86400))
    scene.bot.start()  # the purge runs at start, then hourly
    tg = scene.tg
    tg.wait_for(lambda: next(t for t in tg.topics(GROUP) if t.thread_id == topic).deleted,
                timeout=15)
    record = ru("case-record-expired", case=case_id, keep=3, days=1,  # open 5 - 4 days
                taken=ru("case-record-taken", name="Дана"))
    tg.wait_for(lambda: record in [m.text for m in tg.history(GROUP)], timeout=10)
    tg.wait_for(lambda: scene.bot.query("SELECT COUNT(*) FROM cases") == [(0,)], timeout=10)
    scene.bot.stop()
