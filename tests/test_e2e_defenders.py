"""The defenders' side of issue #23, over HTTP with the real bot process: who may release,
close or block a case (its defender and NGO admins; a colleague is refused with an alert that
says who may), closing and blocking asked first, the topic naming who did what, the how-to
after the summary (pinned) and on /help, and the one-time hint when a plain message stayed
internal while the person was waiting to hear from someone.

The scene (a person with a case, two defenders, an outsider) is test_e2e_handoff's."""

from __future__ import annotations

import itertools
import time
from pathlib import Path
from typing import Any

from bot.handoff.buttons import CaseAction
from bot.handoff.guide import QUIET_SECONDS
from sandbox.fakeapi import ThreadedServer
from tests.harness import Person
from tests.screens import label, plain, unasked
from tests.test_e2e_handoff import GROUP, Scene, person_says, relayed_texts, ru, started

_ids = itertools.count(870_001)


def answer(scene: Scene, who: int, topic: int, action: CaseAction, case_id: int,
           ) -> dict[str, Any]:
    """Press a button on the case's summary; the bot's answer to the press."""
    from bot.handoff.buttons import CasePress

    query = scene.tg.press(who, scene.summary(topic).message_id,
                           CasePress(c=case_id, a=action).pack(), chat_id=GROUP)
    scene.tg.wait_for(lambda: query in scene.tg.callback_answers, timeout=10)
    scene.tg.wait_idle()
    return scene.tg.callback_answers[query]


def refused(scene: Scene, who: int, topic: int, action: CaseAction, case_id: int) -> str:
    """The alert a refused press gets (an alert, not a passing toast)."""
    got = answer(scene, who, topic, action, case_id)
    assert got.get("show_alert"), got
    return str(got.get("text") or "")


def notice_in_topic(scene: Scene, topic: int, text: str, count: int = 1) -> None:
    scene.tg.wait_for(lambda: relayed_texts(scene, topic).count(text) == count, timeout=10)


def test_only_the_cases_defender_or_an_admin_releases_closes_or_blocks_it(
        api: ThreadedServer, tmp_path: Path) -> None:
    admin_id = next(_ids)
    scene = Scene(api, tmp_path, ADMIN_IDS=str(admin_id))
    tg, person = scene.tg, scene.person
    Person(tg, admin_id, "ru", first_name="Admin")  # known to Telegram before start
    dana, gulnar = scene.defender.user_id, scene.colleague.user_id
    case_id = scene.open_case(urgent=True)
    scene.bot.start()
    topic = scene.topic()
    scene.wait_in_topic(topic, 2)

    # untaken: any member may take it, only an admin may close or block it (asked first)
    assert refused(scene, gulnar, topic, CaseAction.CLOSE, case_id) == \
        ru("case-close-untaken-refused")
    assert refused(scene, gulnar, topic, CaseAction.CLOSE_YES, case_id) == \
        ru("case-close-untaken-refused")
    assert refused(scene, gulnar, topic, CaseAction.BLOCK, case_id) == \
        ru("case-block-untaken-refused")
    assert refused(scene, scene.outsider.user_id, topic, CaseAction.TAKE, case_id) == \
        ru("case-refused")
    assert scene.press(admin_id, topic, CaseAction.CLOSE, case_id) == ""
    assert ru("case-close-confirm", case=case_id) in scene.summary(topic).text
    assert scene.summary(topic).labels == [label("ru", "case-btn-close-yes"),
                                           label("ru", "case-btn-close-no")]
    assert scene.press(admin_id, topic, CaseAction.CLOSE_NO, case_id) == ""
    assert scene.summary(topic).labels == [label("ru", "case-btn-take"),
                                           label("ru", "case-btn-close"),
                                           label("ru", "case-btn-block")]

    # taken by Dana: her colleague can neither release, close nor block it
    assert scene.press(dana, topic, CaseAction.TAKE, case_id) == ""
    notice_in_topic(scene, topic, ru("case-taken-by", case=case_id, name="Dana"))
    for action, alert in ((CaseAction.RELEASE, "case-release-refused"),
                          (CaseAction.CLOSE, "case-close-refused"),
                          (CaseAction.CLOSE_YES, "case-close-refused"),
                          (CaseAction.BLOCK, "case-block-refused"),
                          (CaseAction.BLOCK_YES, "case-block-refused")):
        assert refused(scene, gulnar, topic, action, case_id) == ru(alert)
    assert plain("ru", "case-status-taken", name=ru("case-defender")) in \
        scene.summary(topic).text
    assert scene.summary(topic).labels[:2] == [label("ru", "case-btn-release"),
                                               label("ru", "case-btn-close")]

    # Dana releases it; Gulnar takes it, and now Dana is the one refused
    assert scene.press(dana, topic, CaseAction.RELEASE, case_id) == ""
    notice_in_topic(scene, topic, ru("case-released-by", case=case_id, name="Dana"))
    assert scene.press(gulnar, topic, CaseAction.TAKE, case_id) == ""
    notice_in_topic(scene, topic, ru("case-taken-by", case=case_id, name="Gulnar"))
    assert refused(scene, dana, topic, CaseAction.CLOSE, case_id) == ru("case-close-refused")

    # Gulnar closes it, asked first, and the topic names her by the name she chose
    scene.say_in_topic(gulnar, topic, "/name Гүлнар")
    assert scene.press(gulnar, topic, CaseAction.CLOSE, case_id) == ""
    assert ru("case-close-confirm", case=case_id) in scene.summary(topic).text
    assert scene.press(gulnar, topic, CaseAction.CLOSE_NO, case_id) == ""
    assert ru("case-close-confirm", case=case_id) not in scene.summary(topic).text
    time.sleep(0.3)
    closed_by = ru("case-closed-by", case=case_id, name="Гүлнар")
    assert closed_by not in relayed_texts(scene, topic)
    assert scene.press(gulnar, topic, CaseAction.CLOSE, case_id) == ""
    assert scene.press(gulnar, topic, CaseAction.CLOSE_YES, case_id) == ""
    notice_in_topic(scene, topic, closed_by)
    assert ru("case-status-closed") in scene.summary(topic).text
    tg.wait_for(lambda: unasked("kk", "case-closed-person", case=case_id) in person.bot_texts(),
                timeout=10)
    assert person.bot_texts().count(unasked("kk", "case-closed-person", case=case_id)) == 1

    # an NGO admin may block on a case that is not theirs, asked first
    assert scene.press(admin_id, topic, CaseAction.BLOCK, case_id) == ""
    assert ru("case-block-confirm", case=case_id) in scene.summary(topic).text
    assert scene.press(admin_id, topic, CaseAction.BLOCK_YES, case_id) == ""
    notice_in_topic(scene, topic, ru("case-blocked-by", case=case_id, name="Admin"))
    scene.assert_no_identity_in_group()
    scene.bot.stop()
    assert "Traceback" not in scene.bot.logs()


def test_the_topic_says_how_to_answer_and_help_repeats_it(api: ThreadedServer,
                                                          tmp_path: Path) -> None:
    scene, _case_id, topic = started(api, tmp_path, taken=False)
    tg, howto = scene.tg, ru("case-howto")
    first = scene.wait_in_topic(topic, 2)[:2]
    assert first[0].buttons and first[1].text == howto  # right after the summary
    tg.wait_for(lambda: tg.pinned(GROUP) == [first[1].message_id], timeout=10)  # on top
    assert [m for m in tg.history(GROUP, thread_id=topic) if "pinned_message" in m.payload]
    assert tg.calls_to("pinChatMessage")[-1].params.get("disable_notification") in (True, "true")
    assert "/send" in howto and "/name" in howto and "/help" in howto

    scene.say_in_topic(scene.colleague.user_id, topic, "/help")
    tg.wait_for(lambda: relayed_texts(scene, topic).count(howto) == 2, timeout=10)
    scene.tg.send_text(scene.defender.user_id, "/help", chat_id=GROUP)  # in General
    tg.wait_for(lambda: [m for m in tg.history(GROUP) if m.from_bot and m.thread_id is None
                         and m.text == howto], timeout=10)
    assert not [t for t in scene.person.bot_texts() if "/send" in t]
    scene.bot.stop()


def test_a_plain_message_while_the_person_waits_is_hinted_once(api: ThreadedServer,
                                                               tmp_path: Path) -> None:
    scene, case_id, topic = started(api, tmp_path)
    tg, person = scene.tg, scene.person
    hint = ru("case-internal-hint")
    copy = person_says(scene, topic, "Сәлем")

    # nobody has written to the person yet: a plain message is hinted once, as a reply to it
    plain_one = scene.say_in_topic(scene.defender.user_id, topic, "Сәлеметсіз бе, көмектесемін")
    said = tg.wait_for(lambda: next((m for m in scene.in_topic(topic) if m.text == hint), None),
                       timeout=10)
    assert said.extra.get("reply_to_message_id") == plain_one
    scene.say_in_topic(scene.defender.user_id, topic, "Тағы бір рет")
    scene.say_in_topic(scene.colleague.user_id, topic, "ертең хабарласамыз")
    scene.bot.settle(tg, quiet=0.5)
    assert relayed_texts(scene, topic).count(hint) == 1
    assert scene.bot.query("SELECT told_internal FROM cases WHERE id = ?", (case_id,)) == [(1,)]
    assert not [t for t in person.bot_texts() if "көмектесемін" in t or "ертең" in t]

    # while a conversation is going, plain messages are the colleagues' talk: no hint
    scene.bot.query("UPDATE cases SET told_internal = 0 WHERE id = ?", (case_id,))
    scene.say_in_topic(scene.defender.user_id, topic, "Сіз қауіпсізсіз бе?",
                       reply_to=copy.message_id)
    tg.wait_for(lambda: any(t.endswith("Сіз қауіпсізсіз бе?") for t in person.bot_texts()),
                timeout=10)
    tg.wait_for(lambda: scene.bot.query(
        "SELECT COUNT(*) FROM relay_map WHERE case_id = ? AND direction = 'out'",
        (case_id,)) == [(1,)], timeout=10)
    scene.say_in_topic(scene.colleague.user_id, topic, "жақсы, күтеміз")
    scene.bot.settle(tg, quiet=0.5)
    assert relayed_texts(scene, topic).count(hint) == 1

    # after a long silence towards the person, it is said again (here: once more, the flag
    # having been reset above to stand for another case)
    scene.bot.query("UPDATE relay_map SET created_at = created_at - ? WHERE case_id = ?",
                    (QUIET_SECONDS + 60, case_id))
    scene.say_in_topic(scene.colleague.user_id, topic, "ол әлі жазбады")
    notice_in_topic(scene, topic, hint, count=2)
    scene.bot.stop()
    assert "Traceback" not in scene.bot.logs()
