"""The fake Bot API, continued: reactions, people's albums, replies and caption edits, group
migration, what can be copied, chat member shapes and forum topics — through real aiogram."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest, TelegramMigrateToChat
from aiogram.types import (
    ChatMemberAdministrator,
    ChatMemberBanned,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberOwner,
    ChatMemberRestricted,
    Message,
    ReactionTypeCustomEmoji,
    ReactionTypeEmoji,
    ReplyParameters,
    Update,
)

from sandbox.fakeapi import FakeTelegram, ThreadedServer
from sandbox.fakeapi.errors import migrated
from tests.test_fakeapi import started

T = TypeVar("T")
GROUP = -1001234567890
BASIC = -4001234567


class QuickSession(AiohttpSession):
    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


def run(srv: ThreadedServer, fn: Callable[[Bot], Awaitable[T]]) -> T:
    async def main() -> T:
        bot = Bot(srv.tg.token, session=QuickSession(api=TelegramAPIServer.from_base(srv.url)),
                  default=DefaultBotProperties(parse_mode="HTML"))
        try:
            return await fn(bot)
        finally:
            await bot.session.close()

    return asyncio.run(main())




def parse(message: dict[str, Any]) -> Message:
    update = Update.model_validate({"update_id": 1, "message": message})
    assert update.message is not None
    return update.message


def emoji(*chars: str) -> list[ReactionTypeEmoji]:
    return [ReactionTypeEmoji(emoji=c) for c in chars]


# -- 1. setMessageReaction -----------------------------------------------------------------
def test_reactions_are_recorded_and_checked(srv: ThreadedServer, tg: FakeTelegram) -> None:
    chat = started(tg)
    events: list[tuple[str, Any]] = []
    tg.add_listener(lambda e: events.append((e.kind, e.detail.get("reactions"))))

    async def go(bot: Bot) -> None:
        for char in ("👍", "❤", "🔥", "👀", "🙏", "✍", "👌", "😢"):
            assert await bot.set_message_reaction(chat, 1, emoji(char))
        assert await bot.set_message_reaction(chat, 1, emoji("👌"), is_big=True)
        for bad in ("🤖", "❤️", "x"):  # "❤️" carries U+FE0F: not the listed spelling
            with pytest.raises(TelegramBadRequest, match="Bad Request: REACTION_INVALID"):
                await bot.set_message_reaction(chat, 1, emoji(bad))
        with pytest.raises(TelegramBadRequest, match="REACTION_INVALID"):
            await bot.set_message_reaction(chat, 1, [ReactionTypeCustomEmoji(
                custom_emoji_id="5368324170671202286")])
        with pytest.raises(TelegramBadRequest, match="REACTIONS_TOO_MANY"):
            await bot.set_message_reaction(chat, 1, emoji("👍", "🔥"))
        with pytest.raises(TelegramBadRequest, match="Bad Request: message to react not found"):
            await bot.set_message_reaction(chat, 999, emoji("👍"))

    run(srv, go)
    msg = tg.message(chat, 1)
    assert msg is not None and msg.reaction_emojis == ["👌"] and msg.reaction_big
    assert msg.reactions == [{"type": "emoji", "emoji": "👌"}]
    assert events[0] == ("react", [{"type": "emoji", "emoji": "👍"}]) and len(events) == 9

    run(srv, lambda bot: bot.set_message_reaction(chat, 1, []))  # removes it
    msg = tg.message(chat, 1)
    assert msg is not None and msg.reactions == [] and msg.reaction_emojis == []


def test_reactions_on_service_deleted_and_album_messages(srv: ThreadedServer,
                                                         tg: FakeTelegram) -> None:
    tg.add_forum_group(GROUP, "Defenders")
    started(tg)
    tg.send_text(111, "hello", chat_id=GROUP)

    async def go(bot: Bot) -> None:
        topic = await bot.create_forum_topic(GROUP, "Case")
        with pytest.raises(TelegramBadRequest, match="REACTION_INVALID"):
            await bot.set_message_reaction(GROUP, topic.message_thread_id, emoji("👍"))
        await bot.delete_message(GROUP, 1)
        with pytest.raises(TelegramBadRequest, match="message to react not found"):
            await bot.set_message_reaction(GROUP, 1, emoji("👍"))

    run(srv, go)
    album = tg.send_album(111, ["photo", "photo", "video"])
    # Bot API: a reaction to an album message is set on its first non-deleted message.
    run(srv, lambda bot: bot.set_message_reaction(111, album[2]["message_id"], emoji("🔥")))
    first, _, third = (tg.message(111, m["message_id"]) for m in album)
    assert first is not None and first.reaction_emojis == ["🔥"]
    assert third is not None and third.reactions == []


# -- 2. albums from people -----------------------------------------------------------------
def test_person_album_is_one_update_per_item(srv: ThreadedServer, tg: FakeTelegram) -> None:
    chat = started(tg)
    sent = tg.send_album(chat, ["photo", "video", "photo"], ["first", None, "third"])

    async def go(bot: Bot) -> list[Update]:
        return await bot.get_updates(offset=2)

    updates = run(srv, go)
    messages = [u.message for u in updates if u.message]
    assert [m.message_id for m in messages] == [m["message_id"] for m in sent] == [2, 3, 4]
    groups = {m.media_group_id for m in messages}
    assert len(groups) == 1 and next(iter(groups)).isdigit()
    assert [m.caption for m in messages] == ["first", None, "third"]
    assert messages[0].photo and messages[1].video
    assert [m.media_group_id for m in tg.history(chat)[1:]] == [sent[0]["media_group_id"]] * 3


@pytest.mark.parametrize(("kinds", "captions", "reason"), [
    (["photo"], None, "2-10 items"),
    (["photo"] * 11, None, "2-10 items"),
    (["photo", "document"], None, "document can't be mixed"),
    (["audio", "video"], None, "audio can't be mixed"),
    (["photo", "sticker"], None, "unsupported media type"),
    (["photo", "photo"], ["only one"], "one caption"),
])
def test_person_album_rules(tg: FakeTelegram, kinds: list[str], captions: list[str | None] | None,
                            reason: str) -> None:
    chat = started(tg)
    with pytest.raises(ValueError, match=reason):
        tg.send_album(chat, kinds, captions)
    assert len(tg.send_album(chat, ["document", "document"])) == 2


def test_bot_album_gets_a_numeric_media_group_id(srv: ThreadedServer, tg: FakeTelegram) -> None:
    chat = started(tg)
    media = [{"type": "document", "media": "a"}, {"type": "photo", "media": "b"}]

    async def go(bot: Bot) -> None:
        sent = await bot.send_media_group(chat, [
            {"type": "photo", "media": "a"}, {"type": "video", "media": "b"}])  # type: ignore[list-item]
        assert sent[0].media_group_id and sent[0].media_group_id.isdigit()
        with pytest.raises(TelegramBadRequest, match="document can't be mixed"):
            await bot.send_media_group(chat, media)  # type: ignore[arg-type]

    run(srv, go)


# -- 3. replies from people ----------------------------------------------------------------
def test_person_replies_carry_reply_to_message(srv: ThreadedServer, tg: FakeTelegram) -> None:
    chat = started(tg)

    async def go(bot: Bot) -> int:
        return (await bot.send_message(chat, "Your name?")).message_id

    question = run(srv, go)
    text = parse(tg.send_text(chat, "Aigerim", reply_to=question))
    assert text.reply_to_message and text.reply_to_message.message_id == question
    assert text.reply_to_message.text == "Your name?" and text.reply_to_message.from_user
    assert text.reply_to_message.from_user.is_bot
    media = parse(tg.send_media(chat, "photo", "me", reply_to=1))
    assert media.reply_to_message and media.reply_to_message.text == "/start"
    assert tg.history(chat)[-1].reply_to == 1
    with pytest.raises(LookupError, match="no message 999"):
        tg.send_text(chat, "x", reply_to=999)


def test_topic_messages_reply_to_the_topic_root(srv: ThreadedServer, tg: FakeTelegram) -> None:
    tg.add_forum_group(GROUP, "Defenders")
    started(tg)

    async def go(bot: Bot) -> tuple[int, int]:
        thread = (await bot.create_forum_topic(GROUP, "Case #1")).message_thread_id
        sent = await bot.send_message(GROUP, "new case", message_thread_id=thread)
        # As in Telegram: in a topic, a message that answers nothing "replies" to the root.
        assert sent.reply_to_message and sent.reply_to_message.message_id == thread
        assert sent.reply_to_message.forum_topic_created
        return thread, sent.message_id

    thread, case = run(srv, go)
    plain = parse(tg.send_text(111, "on it", chat_id=GROUP, thread_id=thread))
    assert plain.message_thread_id == thread and plain.is_topic_message
    assert plain.reply_to_message and plain.reply_to_message.forum_topic_created
    # A reply lands in the topic of the message it answers, without a thread_id.
    answer = parse(tg.send_text(111, "details?", chat_id=GROUP, reply_to=case))
    assert answer.message_thread_id == thread and answer.is_topic_message
    assert answer.reply_to_message and answer.reply_to_message.text == "new case"
    outside = parse(tg.send_text(111, "general", chat_id=GROUP))
    assert outside.message_thread_id is None and outside.reply_to_message is None

    async def bot_reply(bot: Bot) -> None:
        sent = await bot.send_message(GROUP, "ok", reply_parameters=ReplyParameters(
            message_id=answer.message_id))
        assert sent.message_thread_id == thread
        assert sent.reply_to_message and sent.reply_to_message.message_id == answer.message_id

    run(srv, bot_reply)


def test_copies_and_albums_sent_by_the_bot_may_reply(srv: ThreadedServer,
                                                     tg: FakeTelegram) -> None:
    tg.add_forum_group(GROUP, "Defenders")
    chat = started(tg)
    photo = tg.send_media(chat, "photo", "proof")["message_id"]

    async def go(bot: Bot) -> None:
        thread = (await bot.create_forum_topic(GROUP, "Case")).message_thread_id
        root = await bot.send_message(GROUP, "case card", message_thread_id=thread)
        copied = await bot.copy_message(GROUP, chat, photo, reply_parameters=ReplyParameters(
            message_id=root.message_id))
        copy = tg.message(GROUP, copied.message_id)
        assert copy is not None and copy.reply_to == root.message_id
        assert copy.thread_id == thread  # the reply put it in the topic
        album = await bot.send_media_group(chat, [
            {"type": "photo", "media": "a"}, {"type": "photo", "media": "b"},  # type: ignore[list-item]
        ], reply_parameters=ReplyParameters(message_id=photo))
        assert all(m.reply_to_message and m.reply_to_message.message_id == photo for m in album)

    run(srv, go)


# -- 4. caption edits from people ----------------------------------------------------------
def test_person_edits_a_caption(srv: ThreadedServer, tg: FakeTelegram) -> None:
    chat = started(tg)
    photo = tg.send_media(chat, "photo", "old")["message_id"]
    edited = tg.edit_caption(chat, photo, "new")
    update = Update.model_validate({"update_id": 1, "edited_message": edited})
    assert update.edited_message and update.edited_message.caption == "new"
    assert update.edited_message.edit_date and update.edited_message.photo
    msg = tg.message(chat, photo)
    assert msg is not None and (msg.text, msg.edited) == ("new", 1)
    with pytest.raises(LookupError, match="no media message 1"):
        tg.edit_caption(chat, 1, "text messages have no caption")

    async def go(bot: Bot) -> None:
        updates = await bot.get_updates()
        assert updates[-1].edited_message and updates[-1].edited_message.message_id == photo

    run(srv, go)


# -- 5. group migration --------------------------------------------------------------------
def test_group_migration(srv: ThreadedServer, tg: FakeTelegram) -> None:
    started(tg)
    tg.user(222, "Owner")
    tg.add_basic_group(BASIC, "Defenders")
    tg.set_member(BASIC, 222, "creator")
    tg.send_text(111, "hi", chat_id=BASIC)
    new_chat = tg.migrate_group(BASIC, GROUP)
    assert new_chat == {"id": GROUP, "type": "supergroup", "title": "Defenders"}

    async def go(bot: Bot) -> list[Update]:
        with pytest.raises(TelegramMigrateToChat) as err:
            await bot.send_message(BASIC, "x")
        assert err.value.migrate_to_chat_id == GROUP
        assert "Bad Request: group chat was upgraded to a supergroup chat" in err.value.message
        with pytest.raises(TelegramMigrateToChat):
            await bot.send_photo(BASIC, "photo-id")
        await bot.send_message(GROUP, "moved")
        assert (await bot.get_chat_member(GROUP, 111)).status == "member"
        assert (await bot.get_chat_member(GROUP, 222)).status == "creator"
        return await bot.get_updates(offset=3)

    updates = run(srv, go)
    assert tg.calls_to("sendMessage")[0].description == (
        "Bad Request: group chat was upgraded to a supergroup chat")
    assert migrated(GROUP).envelope() == {
        "ok": False, "error_code": 400,
        "description": "Bad Request: group chat was upgraded to a supergroup chat",
        "parameters": {"migrate_to_chat_id": GROUP}}
    to, from_ = (u.message for u in updates[-2:])
    assert to and to.migrate_to_chat_id == GROUP and to.chat.id == BASIC
    assert to.chat.type == "group" and to.from_user and to.from_user.id == 222
    assert from_ and from_.migrate_from_chat_id == BASIC and from_.chat.id == GROUP
    assert from_.sender_chat and from_.sender_chat.id == GROUP
    with pytest.raises(ValueError, match="became supergroup"):
        tg.send_text(111, "late", chat_id=BASIC)
    with pytest.raises(ValueError, match="already used"):
        tg.migrate_group(BASIC, -100999)


def test_forum_migration_keeps_topics(srv: ThreadedServer, tg: FakeTelegram) -> None:
    started(tg)
    tg.add_forum_group(-1001, "Old")
    tg.send_text(111, "hi", chat_id=-1001)
    thread = run(srv, lambda bot: bot.create_forum_topic(-1001, "Case")).message_thread_id
    tg.migrate_group(-1001, GROUP, by=111)

    async def go(bot: Bot) -> None:
        sent = await bot.send_message(GROUP, "still here", message_thread_id=thread)
        assert sent.message_thread_id == thread
        assert (await bot.create_forum_topic(GROUP, "Next")).message_thread_id > thread

        with pytest.raises(TelegramMigrateToChat):
            await bot.create_forum_topic(-1001, "Old id")

    run(srv, go)
    assert [t.name for t in tg.topics(GROUP)] == ["Case", "Next"]
    assert tg.history(-1001)[-1].payload == {"migrate_to_chat_id": GROUP}


def test_turning_topics_on_upgrades_a_basic_group_to_a_forum(tg: FakeTelegram) -> None:
    tg.add_basic_group(BASIC, "Defenders")
    assert tg.migrate_group(BASIC, GROUP, forum=True)["is_forum"] is True


# -- 6. what can be copied -----------------------------------------------------------------
def test_service_messages_cannot_be_copied_dice_and_polls_can(srv: ThreadedServer,
                                                              tg: FakeTelegram) -> None:
    tg.add_forum_group(GROUP, "Defenders")
    chat = started(tg)
    dice = tg.send_media(chat, "dice")["message_id"]
    poll = tg.send_media(chat, "poll")["message_id"]
    quiz = tg.send_media(chat, "quiz")["message_id"]

    async def go(bot: Bot) -> None:
        service = (await bot.create_forum_topic(GROUP, "Case")).message_thread_id
        with pytest.raises(TelegramBadRequest, match="Bad Request: message can't be copied"):
            await bot.copy_message(chat, GROUP, service)
        with pytest.raises(TelegramBadRequest, match="Bad Request: message can't be forwarded"):
            await bot.forward_message(chat, GROUP, service)
        with pytest.raises(TelegramBadRequest, match="Bad Request: message can't be copied"):
            await bot.copy_messages(chat, GROUP, [service])
        with pytest.raises(TelegramBadRequest, match="there are no messages to copy"):
            await bot.copy_messages(chat, GROUP, [998, 999])
        assert await bot.copy_message(chat, chat, dice)
        assert await bot.copy_message(chat, chat, poll)  # a regular poll copies
        with pytest.raises(TelegramBadRequest, match="message can't be copied"):
            await bot.copy_message(chat, chat, quiz)  # someone else's quiz does not
        assert await bot.forward_message(chat, chat, quiz)
        tg.send_text(111, "text", chat_id=GROUP)
        copied = await bot.copy_messages(chat, GROUP, [service, service + 1])
        assert len(copied) == 1  # the service message is skipped

    run(srv, go)
    assert [m.kind for m in tg.bot_messages(chat)] == ["dice", "poll", "poll", "text"]
    assert parse(tg.send_media(chat, "quiz")).poll.type == "quiz"  # type: ignore[union-attr]


def test_batch_copies_keep_album_grouping(srv: ThreadedServer, tg: FakeTelegram) -> None:
    tg.add_forum_group(GROUP, "Defenders")
    chat = started(tg)
    album = [m["message_id"] for m in tg.send_album(chat, ["photo", "video"], ["a", "b"])]
    single = tg.send_media(chat, "photo")["message_id"]

    async def go(bot: Bot) -> None:
        await bot.copy_messages(GROUP, chat, [*album, single])
        await bot.forward_messages(GROUP, chat, album)
        await bot.copy_message(GROUP, chat, album[0])  # one message: no album any more

    run(srv, go)
    groups = [m.media_group_id for m in tg.bot_messages(GROUP)]
    source = tg.message(chat, album[0])
    assert source is not None and groups[0] == groups[1] and groups[3] == groups[4]
    assert len({groups[0], groups[3], source.media_group_id}) == 3
    assert groups[2] is None and groups[5] is None
    assert [m.text for m in tg.bot_messages(GROUP)] == ["a", "b", "", "a", "b", "a"]


# -- 7. chat member shapes -----------------------------------------------------------------
@pytest.mark.parametrize(("status", "cls"), [
    ("creator", ChatMemberOwner), ("administrator", ChatMemberAdministrator),
    ("member", ChatMemberMember), ("restricted", ChatMemberRestricted),
    ("left", ChatMemberLeft), ("kicked", ChatMemberBanned),
])
def test_chat_member_statuses_parse(srv: ThreadedServer, tg: FakeTelegram, status: str,
                                    cls: type) -> None:
    tg.add_group(GROUP, "Defenders")
    tg.user(111)
    tg.user(222)
    tg.set_member(GROUP, 111, status)

    async def go(bot: Bot) -> None:
        member = await bot.get_chat_member(GROUP, 111)
        assert isinstance(member, cls) and member.status == status
        assert member.user.id == 111
        stranger = await bot.get_chat_member(GROUP, 222)  # never joined
        assert isinstance(stranger, ChatMemberLeft)
        assert isinstance(await bot.get_chat_member(GROUP, tg.bot_id), ChatMemberAdministrator)

    run(srv, go)


def test_set_member_rejects_unknown_statuses(tg: FakeTelegram) -> None:
    tg.add_group(GROUP, "Defenders")
    with pytest.raises(ValueError, match="unknown status 'owner'"):
        tg.set_member(GROUP, 111, "owner")


# -- 8. forum topics -----------------------------------------------------------------------
def test_forum_topic_lifecycle_and_errors(srv: ThreadedServer, tg: FakeTelegram) -> None:
    tg.add_forum_group(GROUP, "Defenders")
    tg.add_group(-1009, "Plain")
    started(tg)
    tg.user(222, "Admin")
    tg.set_member(GROUP, 222, "administrator")

    async def go(bot: Bot) -> int:
        thread = (await bot.create_forum_topic(GROUP, "Case #1")).message_thread_id
        with pytest.raises(TelegramBadRequest, match="Bad Request: the chat is not a forum"):
            await bot.create_forum_topic(-1009, "nope")
        with pytest.raises(TelegramBadRequest, match="TOPIC_TITLE_EMPTY"):
            await bot.create_forum_topic(GROUP, " ")
        with pytest.raises(TelegramBadRequest, match="TOPIC_NOT_MODIFIED"):
            await bot.edit_forum_topic(GROUP, thread, name="Case #1")
        await bot.edit_forum_topic(GROUP, thread, name="Case #1 (taken)")
        await bot.close_forum_topic(GROUP, thread)
        with pytest.raises(TelegramBadRequest, match="TOPIC_NOT_MODIFIED"):
            await bot.close_forum_topic(GROUP, thread)
        with pytest.raises(TelegramBadRequest, match="Bad Request: TOPIC_CLOSED"):
            await bot.send_message(GROUP, "x", message_thread_id=thread)
        with pytest.raises(TelegramBadRequest, match="Bad Request: TOPIC_CLOSED"):
            await bot.send_photo(GROUP, "p", message_thread_id=thread)
        return thread

    thread = run(srv, go)
    topic = tg.topic(GROUP, thread)
    assert topic is not None and (topic.name, topic.closed, topic.deleted) == (
        "Case #1 (taken)", True, False)
    with pytest.raises(ValueError, match="closed"):
        tg.send_text(111, "let me in", chat_id=GROUP, thread_id=thread)
    tg.send_text(222, "admins may", chat_id=GROUP, thread_id=thread)

    async def finish(bot: Bot) -> None:
        await bot.reopen_forum_topic(GROUP, thread)
        await bot.send_message(GROUP, "open again", message_thread_id=thread)
        await bot.delete_forum_topic(GROUP, thread)
        with pytest.raises(TelegramBadRequest, match="Bad Request: message thread not found"):
            await bot.send_message(GROUP, "x", message_thread_id=thread)
        with pytest.raises(TelegramBadRequest, match="TOPIC_ID_INVALID"):
            await bot.reopen_forum_topic(GROUP, thread)

    run(srv, finish)
    [topic] = tg.topics(GROUP)
    assert (topic.name, topic.closed, topic.deleted) == ("Case #1 (taken)", False, True)
    assert tg.history(GROUP, thread_id=thread) == []  # deleting a topic deletes its messages
    with pytest.raises(KeyError, match="does not exist"):
        tg.send_text(111, "x", chat_id=GROUP, thread_id=thread)
