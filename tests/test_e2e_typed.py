"""What the person types where no answer is expected, over HTTP with the real bot process:
one calm note that keeps their place (the screen above and the dialog step stay as they were)
and offers the ways on; nothing reaches the defenders' topic without the person's press,
except in the conversation itself (the screen after "your request is sent", and after the
note's "send it to my defender")."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable

import pytest

from bot.handoff.buttons import CaseAction, CasePress
from sandbox.fakeapi import ThreadedServer
from tests.fixtures import FORUM_GROUP, people, real_bot
from tests.harness import BotProcess, Person
from tests.screens import TOTAL, label, open_menu, plain, start_assessment
from tests.test_e2e_intake import begin, to_contact

api, bot = real_bot("typed", forum=True)
person = people(itertools.count(780_001))
_defenders = itertools.count(789_001)


def in_group(api: ThreadedServer) -> list[str]:
    return [m.text for m in api.tg.history(FORUM_GROUP) if m.kind != "service"]


def shown(api: ThreadedServer, p: Person, message_id: int) -> str:
    message = api.tg.message(p.chat_id, message_id)
    assert message is not None and not message.deleted
    return message.text


def the_note(p: Person, locale: str, count: int) -> int:
    """The note is the newest bot message, and says that nothing was passed on."""
    assert p.screen is not None
    assert p.screen.text.startswith(plain(locale, "typed-kept", count=count)), p.screen.text
    assert plain(locale, "typed-where") in p.screen.text
    return p.screen.message_id


def test_without_a_case_the_plan_and_the_check_keep_their_step(
        api: ThreadedServer, person: Callable[..., Person]) -> None:
    p = person("ru")
    open_menu(p, "ru")
    # the safety plan: a section's screen, without pressing ✏️
    p.send("/plan")
    p.press(label("ru", "plan-code-word"))
    section = p.screen
    assert section is not None
    p.send("мой код — синий зонт")
    note = the_note(p, "ru", 1)
    assert note != section.message_id
    assert plain("ru", "typed-offer-new") in shown(api, p, note)
    assert p.buttons == [label("ru", "btn-defender"), label("ru", "btn-sos"),
                         label("ru", "btn-exit")]
    assert shown(api, p, section.message_id) == section.text  # the screen above stays
    bot_messages = len(p.bot_messages())
    p.send_media("voice")  # another message: the same note, edited in place
    assert the_note(p, "ru", 2) == note and len(p.bot_messages()) == bot_messages
    # the step is unchanged: the section's own button still works, and a typed answer there
    p.press(label("ru", "plan-btn-write"), message_id=section.message_id)
    p.send("синий зонт")
    assert "синий зонт" in shown(api, p, section.message_id)
    assert plain("ru", "plan-saved-deleted") in shown(api, p, section.message_id)

    # the pre-assessment: a typed text between questions
    start_assessment(p, "ru")
    p.press(label("ru", "btn-no"))
    question = p.screen
    assert question is not None
    assert plain("ru", "question-progress", number=2, total=TOTAL) in question.text
    p.send("а что это значит?")
    note = the_note(p, "ru", 1)
    assert shown(api, p, question.message_id) == question.text
    p.press(label("ru", "btn-yes"), message_id=question.message_id)
    assert plain("ru", "question-progress", number=3, total=TOTAL) in \
        shown(api, p, question.message_id)
    # an unknown command: a note with nothing to send
    p.send("/whatever")
    assert p.screen is not None and p.screen.text.startswith(plain("ru", "typed-command"))
    assert p.buttons == [label("ru", "btn-sos"), label("ru", "btn-exit")]
    # the way to a defender from the note: the request's first question, on the note
    p.press(label("ru", "btn-defender"), message_id=note)
    assert plain("ru", "case-intake-progress", number=1, total=5) in shown(api, p, note)
    p.press(label("ru", "btn-intake-cancel"), message_id=note)
    menu = api.tg.message(p.chat_id, note)
    assert menu is not None  # the check under way is kept through it all
    assert label("ru", "btn-assess-resume", number=3, total=TOTAL) in menu.labels
    assert not [t for t in in_group(api) if "синий" in t or "значит" in t]


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_with_a_case_nothing_reaches_the_topic_without_a_press(
        api: ThreadedServer, bot: BotProcess, person: Callable[..., Person],
        locale: str) -> None:
    p = person(locale)
    begin(p, locale)
    to_contact(p, locale)
    p.press(label(locale, "btn-contact-bot"))
    p.press(label(locale, "btn-intake-skip"))
    p.press(label(locale, "btn-intake-send"))
    # the screen after "your request is sent" is the conversation: words go to the defender
    first = f"{locale}: бірінші хат"
    p.send(first)
    api.tg.wait_for(lambda: first in in_group(api), timeout=15)

    # another screen (the safety plan): the bot asks first
    p.send("/plan")
    p.press(label(locale, "plan-code-word"))
    section = p.screen
    assert section is not None
    secret = f"{locale}: мұны жібермеңіз"
    p.send(secret)
    p.send_media("photo", caption=f"{locale}: сурет")
    note = the_note(p, locale, 2)
    assert plain(locale, "typed-offer-case", count=2) in shown(api, p, note)
    time.sleep(1.0)  # the outbound queue would have sent it by now
    assert not [t for t in in_group(api) if t in (secret, f"{locale}: сурет")]
    assert shown(api, p, section.message_id) == section.text

    p.press(label(locale, "btn-typed-send", count=2), message_id=note)
    sent = api.tg.wait_for(lambda: (g := in_group(api)) and f"{locale}: сурет" in g and g,
                           timeout=15)
    assert sent.index(secret) < sent.index(f"{locale}: сурет")  # in the order written
    assert shown(api, p, note).startswith(plain(locale, "typed-sent", count=2,
                                               case=case_of(bot, p)))
    after = f"{locale}: енді тікелей"  # the note became the conversation
    p.send(after)
    api.tg.wait_for(lambda: after in in_group(api), timeout=15)

    # elsewhere again, a reply (swipe) to the defender's answer is the conversation too
    answer = defender_answers(api, p, bot, after)
    p.send("/plan")
    thanks = f"{locale}: рахмет"
    p.tg.send_text(p.user, thanks, reply_to=answer)
    api.tg.wait_for(lambda: thanks in in_group(api), timeout=15)

    # the pre-assessment with a case open: a typed text gets the note, the step is kept
    start_assessment(p, locale)
    question = p.screen
    assert question is not None
    asked = f"{locale}: сұрақ"
    p.send(asked)
    the_note(p, locale, 1)
    p.press(label(locale, "btn-no"), message_id=question.message_id)
    assert plain(locale, "question-progress", number=2, total=TOTAL) in \
        shown(api, p, question.message_id)
    time.sleep(1.0)
    assert asked not in in_group(api)


def defender_answers(api: ThreadedServer, p: Person, bot: BotProcess, copied: str) -> int:
    """A defender takes the case and replies to the copy of `copied`; returns the id of the
    answer in the person's chat."""
    defender = api.tg.user(next(_defenders), "Dana", "ru")
    api.tg.set_member(FORUM_GROUP, defender.user_id)
    copy = next(m for m in api.tg.history(FORUM_GROUP) if m.text == copied)
    summary = next(m for m in api.tg.history(FORUM_GROUP, thread_id=copy.thread_id)
                   if m.buttons)
    press = api.tg.press(defender.user_id, summary.message_id,
                         CasePress(c=case_of(bot, p), a=CaseAction.TAKE).pack(),
                         chat_id=FORUM_GROUP)
    api.tg.wait_for(lambda: press in api.tg.callback_answers, timeout=10)
    words = f"{copied} — жауап"
    api.tg.send_text(defender, words, chat_id=FORUM_GROUP, thread_id=copy.thread_id,
                     reply_to=copy.message_id)
    found = api.tg.wait_for(lambda: next((m for m in p.bot_messages() if words in m.text),
                                         None), timeout=15)
    p.wait_idle()
    return found.message_id


def case_of(bot: BotProcess, p: Person) -> int:
    rows = bot.query("SELECT id FROM cases WHERE user_id = ? ORDER BY id DESC",
                     (bot.keyed_id(p.user_id),))
    return int(rows[0][0])
