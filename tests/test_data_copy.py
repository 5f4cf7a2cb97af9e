"""Issue #24: a copy of the data, without the key, cannot tell whether someone used the bot.

A full two-sided session with the real bot process: a person with a known id, name, username and
phone starts, answers the questionnaire, makes a safety plan, subscribes to the news, asks for a
defender giving a phone number; a defender replies in the case's topic and the person writes
back. Then the bot stops and its data is copied as an intruder would: the SQLite files (with WAL
and shared memory), or on the scale path a pg_dump of its schema and every key and value in
Redis. Not one of the person's id (as text or as any integer encoding), name, username, phone or
words is in the copy."""

from __future__ import annotations

from pathlib import Path

from tests.data_copy import data_copy, encodings_of
from tests.fixtures import FORUM_GROUP
from tests.harness import Person, start_bot, start_fake_api
from tests.screens import label, start_assessment
from tests.test_e2e_intake import phone_step
from tests.test_e2e_news import open_news
from tests.test_e2e_safety_plan import open_plan, open_section

GROUP = FORUM_GROUP
ME = 7_398_765_432  # takes six bytes in a SQLite record, and 10 digits as text
DEFENDER = 5_550_001
NAME, USERNAME = "Zhanar-NAME7", "zhanar_user7"
PHONE = "+77015550177"
WORDS = {
    "description": "Description-MARK11 ол мені қорқытады",
    "plan": "CodeWord-MARK12 сары шай",
    "relayed": "Relay-MARK13 сәлем",
    "back": "WriteBack-MARK14 рахмет",
    "reply": "DefenderReply-MARK15 Сіз қауіпсізсіз бе?",
}


def test_a_copy_of_the_data_does_not_tell_who_used_the_bot(tmp_path: Path) -> None:
    server = start_fake_api()
    tg = server.tg
    tg.add_forum_group(GROUP, "Defenders")
    tg.user(DEFENDER, "Dana", "kk")
    tg.set_member(GROUP, DEFENDER)
    bot = start_bot(server, tmp_path / "bot", extra_env={"DEFENDERS_CHAT_ID": str(GROUP)})
    try:
        me = Person(tg, ME, "kk", first_name=NAME, username=USERNAME)
        start_assessment(me, "kk")
        for _ in range(3):
            me.press(label("kk", "btn-yes"))
        open_plan(me, "kk")
        open_section(me, "kk", "plan-code-word")
        me.press(label("kk", "plan-btn-write"))
        me.send(WORDS["plan"])
        open_news(me, "kk")
        me.press(label("kk", "btn-news-silent"))
        phone_step(me, "kk")
        me.send(PHONE)
        me.send(WORDS["description"])
        me.press(label("kk", "btn-intake-send"))
        tg.wait_idle(quiet=0.3, timeout=15)
        me.send(WORDS["relayed"])
        # Both ways go through the outbound queue, paced as Telegram asks (1 a second a chat,
        # 20 a minute in the group): generous waits, for a loaded machine.
        copy = tg.wait_for(lambda: next((m for m in tg.history(GROUP)
                                         if m.text == WORDS["relayed"]), None), timeout=30)
        tg.send_text(DEFENDER, WORDS["reply"], chat_id=GROUP, thread_id=copy.thread_id,
                     reply_to=copy.message_id)
        answer = tg.wait_for(lambda: next((m for m in me.bot_messages()
                                           if WORDS["reply"] in (m.text or "")), None),
                             timeout=30)
        tg.send_text(me.user, WORDS["back"], reply_to=answer.message_id)
        tg.wait_for(lambda: any(m.text == WORDS["back"] for m in tg.history(GROUP)),
                    timeout=30)
        tg.wait_idle(quiet=0.5, timeout=15)
        assert bot.query("SELECT COUNT(*) FROM subscriptions") == [(1,)]
        assert bot.query("SELECT COUNT(*) FROM safety_plans") == [(1,)]
        assert bot.query("SELECT COUNT(*) FROM cases") == [(1,)]
        while_running = data_copy(bot, tmp_path / "running")
        bot.stop()
        stopped = data_copy(bot, tmp_path / "stopped")
    finally:
        bot.stop()
        server.stop()

    person = [*encodings_of(ME), NAME.encode(), USERNAME.encode(), PHONE.encode(),
              PHONE.removeprefix("+7").encode(), *(w.encode() for w in WORDS.values())]
    for copy_of_data in (while_running, stopped):
        assert len(copy_of_data) > 10_000  # the copy holds the bot's data
        if bot.redis_url:  # and Redis's keys (the flood limit's bucket at least)
            assert f"{bot.redis_prefix}:flood:".encode() in copy_of_data
        found = [form for form in person if form in copy_of_data]
        assert found == [], f"a copy of the data holds {found!r}"
