"""Handing a case to another organisation (issue #27), over HTTP with the real bot process and
two forum groups: there with the summary and the note, the relay going on from there, the old
topic told and closed, the person told in neutral words; and back again, each time with a
kill -9 in the middle: exactly one open topic afterwards, and every message relayed once."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.handoff.buttons import CaseAction, CasePress, CaseTransfer
from sandbox.fakeapi import FakeMessage, ThreadedServer
from tests.harness import BotProcess, start_fake_api
from tests.screens import label, plain, unasked
from tests.test_e2e_organisations import (
    CENTRE,
    GROUPS,
    NORTH,
    Someone,
    organisations_file,
    send,
    summary_in,
    to_preview,
)

_ids = itertools.count(880_501)
HELD = ("sendMessage", "copyMessage", "createForumTopic", "closeForumTopic", "editMessageText",
        "answerCallbackQuery", "pinChatMessage", "setMessageReaction")


def topics_of(api: ThreadedServer, chat: int, case: int) -> list[tuple[int, bool]]:
    """(thread, closed) of the case's topics in the group, oldest first."""
    return [(t.thread_id, t.closed) for t in api.tg.topics(chat)
            if not t.deleted and t.name.startswith(f"#{case} ")]


def texts_in(api: ThreadedServer, chat: int, thread: int) -> list[str]:
    return [m.text or "" for m in api.tg.history(chat, thread_id=thread) if m.kind != "service"]


def everywhere(api: ThreadedServer, text: str) -> list[FakeMessage]:
    return [m for chat in GROUPS.values() for m in api.tg.history(chat) if m.text == text]


Served = tuple[ThreadedServer, BotProcess]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """The stand-in with the four groups, and the bot serving their organisations."""
    api = start_fake_api()
    for chat in GROUPS.values():
        api.tg.add_forum_group(chat, "Defenders")
    bot = BotProcess.for_server(api, tmp_path / "bot", extra_env={
        "ORGANISATIONS_FILE": str(organisations_file(tmp_path))}).start()
    yield api, bot
    bot.stop()
    api.stop()


def kill_while_held(api: ThreadedServer, bot: BotProcess, parked_at_least: int) -> None:
    """The update was taken (Telegram counts it delivered) and, when `parked_at_least`, the bot
    has begun sending what it queued; then kill -9, the requests it had in flight dropped, and
    a fresh start."""
    api.tg.wait_for(lambda: api.tg.pending_updates() == 0, timeout=15)
    if parked_at_least:
        api.tg.wait_for(lambda: api.tg.parked() >= parked_at_least, timeout=15)
    bot.kill()
    api.tg.release()
    bot.start()


def test_a_case_goes_to_another_organisation_and_back_through_kills(served: Served) -> None:
    api, bot = served
    tg = api.tg
    north = tg.user(next(_ids), "Dana", "ru")
    centre = tg.user(next(_ids), "Aruzhan", "ru")
    tg.set_member(NORTH, north.user_id, "administrator")  # may write in a closed topic
    tg.set_member(CENTRE, centre.user_id)
    person = Someone(api, "kk")
    to_preview(person, "karaganda")  # north alone serves Karaganda
    case = send(person)
    summary = summary_in(api, NORTH, case)
    ((first, _),) = topics_of(api, NORTH, case)
    query = tg.press(north.user_id, summary, CasePress(c=case, a=CaseAction.TAKE).pack(),
                     chat_id=NORTH)
    tg.wait_for(lambda: query in tg.callback_answers, timeout=10)
    for words in ("бір", "екі"):
        person.send(words)
    tg.wait_for(lambda: len(everywhere(api, "екі")) == 1, timeout=15)

    # north hands it to centre with a note; the bot dies while sending what that queued
    tg.hold(*HELD)
    tg.send_text(north, "/transfer centre Called her; she prefers Russian",
                 chat_id=NORTH, thread_id=first)
    person.send("үш", wait=False)
    kill_while_held(api, bot, parked_at_least=1)
    tg.wait_for(lambda: topics_of(api, CENTRE, case), timeout=20)
    tg.wait_for(lambda: topics_of(api, NORTH, case) == [(first, True)], timeout=20)
    bot.settle(tg)
    ((second, closed),) = topics_of(api, CENTRE, case)
    assert not closed  # and north's was told, then closed
    note = plain("ru", "case-transferred-note", note="Called her; she prefers Russian")
    # the group takes about 20 messages a minute: the note may still be on its way
    tg.wait_for(lambda: note in "\n".join(texts_in(api, CENTRE, second)), timeout=30)
    there = texts_in(api, CENTRE, second)
    assert any(plain("ru", "case-title", case=case) in t for t in there)
    assert plain("ru", "case-transferred-note", note="Called her; she prefers Russian") \
        in "\n".join(there)
    assert any(plain("ru", "case-transferred-out", case=case, org="Центр «Центр»",
                     name="Dana") in t for t in texts_in(api, NORTH, first))
    assert unasked("kk", "case-transferred-person", case=case) in person.bot_texts()
    assert bot.query("SELECT org, state FROM cases WHERE id = ?", (case,)) == \
        [("centre", "new")]
    # the group takes about 20 messages a minute: the last may still be on its way
    tg.wait_for(lambda: everywhere(api, "үш"), timeout=30)
    bot.settle(tg)
    for words in ("бір", "екі", "үш"):  # each once, in one group or the other
        assert len(everywhere(api, words)) == 1, words
    assert [m.thread_id for m in everywhere(api, "бір")] == [first]

    # centre's reply reaches the person; north's old topic no longer does
    copy = everywhere(api, "үш")[0]
    if copy.chat_id != CENTRE:  # it was on its way to north when the case moved
        person.send("төрт")
        tg.wait_for(lambda: everywhere(api, "төрт"), timeout=15)
        copy = everywhere(api, "төрт")[0]
    assert copy.chat_id == CENTRE and copy.thread_id == second
    tg.send_text(centre, "Сәлеметсіз бе, мен қорғаушымын", chat_id=CENTRE,
                 reply_to=copy.message_id)
    tg.wait_for(lambda: any("мен қорғаушымын" in t for t in person.bot_texts()), timeout=15)
    old = next(m for m in tg.history(NORTH, thread_id=first) if m.text == "екі")
    tg.send_text(north, "from the old topic", chat_id=NORTH, reply_to=old.message_id)
    bot.settle(tg)
    assert not any("from the old topic" in t for t in person.bot_texts())

    # back to north by the buttons, the bot killed as soon as the press was taken
    centre_summary = summary_in(api, CENTRE, case)
    query = tg.press(centre.user_id, centre_summary,
                     CasePress(c=case, a=CaseAction.TRANSFER).pack(), chat_id=CENTRE)
    tg.wait_for(lambda: query in tg.callback_answers, timeout=10)
    assert label("ru", "case-btn-transfer-no") in [
        b.text for row in tg.message(CENTRE, centre_summary).buttons for b in row]
    tg.hold(*HELD)
    tg.press(centre.user_id, centre_summary, CaseTransfer(c=case, o="north").pack(),
             chat_id=CENTRE)
    kill_while_held(api, bot, parked_at_least=0)
    tg.wait_for(lambda: len(topics_of(api, NORTH, case)) == 2, timeout=20)
    tg.wait_for(lambda: topics_of(api, CENTRE, case) == [(second, True)], timeout=20)
    bot.settle(tg)
    (_, was), (third, closed) = topics_of(api, NORTH, case)
    assert was and not closed
    assert topics_of(api, CENTRE, case) == [(second, True)]
    assert bot.query("SELECT org FROM cases WHERE id = ?", (case,)) == [("north",)]
    person.send("бес")
    tg.wait_for(lambda: everywhere(api, "бес"), timeout=15)
    assert [(m.chat_id, m.thread_id) for m in everywhere(api, "бес")] == [(NORTH, third)]
    open_topics = [t for chat in GROUPS.values() for t in tg.topics(chat)
                   if t.name.startswith(f"#{case} ") and not t.closed and not t.deleted]
    assert len(open_topics) == 1

    # the person erases their data: every topic the case ever had goes, in both groups
    person.send("/forget")
    person.press(label("kk", "btn-erase-yes"))
    tg.wait_for(lambda: not [t for chat in GROUPS.values() for t in tg.topics(chat)
                             if t.name.startswith(f"#{case} ") and not t.deleted], timeout=30)
    assert bot.query("SELECT COUNT(*) FROM case_former_topics") == [(0,)]
    assert "Traceback" not in bot.logs()


def test_only_its_defender_or_an_admin_hands_a_taken_case_over(served: Served) -> None:
    api, bot = served
    tg = api.tg
    taker, colleague = tg.user(next(_ids), "Dana", "ru"), tg.user(next(_ids), "Gul", "ru")
    for member in (taker, colleague):
        tg.set_member(NORTH, member.user_id)
    person = Someone(api, "ru")
    to_preview(person, "karaganda")
    case = send(person)
    summary = summary_in(api, NORTH, case)

    def press(who: int, data: str) -> str:
        query = tg.press(who, summary, data, chat_id=NORTH)
        tg.wait_for(lambda: query in tg.callback_answers, timeout=10)
        return str(tg.callback_answers[query].get("text") or "")

    assert press(taker.user_id, CasePress(c=case, a=CaseAction.TAKE).pack()) == ""
    assert press(colleague.user_id, CasePress(c=case, a=CaseAction.TRANSFER).pack()) == \
        plain("ru", "case-transfer-refused")
    assert press(colleague.user_id, CaseTransfer(c=case, o="centre").pack()) == \
        plain("ru", "case-transfer-refused")
    assert press(taker.user_id, CaseTransfer(c=case, o="nowhere").pack()) == \
        plain("ru", "case-refused")
    assert bot.query("SELECT org FROM cases WHERE id = ?", (case,)) == [("north",)]
