"""Roles on a case: who counts as a member of the defenders' group (and for how long that answer
is trusted), and blocking the person of a case at the storage level and at the desk.

The end-to-end way (a defender blocks, the person is told once, an admin lifts it) is in
tests/test_e2e_handoff.py."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import GetChatMember

from bot.handoff.admin import case_number
from bot.handoff.buttons import CaseAction, CasePress, case_buttons
from bot.handoff.organisations import Organisations
from bot.pipeline.members import GROUP_ANONYMOUS_BOT, Members, counts
from dialogs.organisations import Organisation, single
from storage.cases import CasesRepo
from storage.db import Database
from storage.fsm import SQLStorage
from storage.people import PeopleRepo
from tests.screens import tr
from tests.test_storage import run

GROUP = -1001234567890


# -- membership ------------------------------------------------------------------------------
class StubBot:
    """getChatMember answered from a dict of statuses; counts the questions."""

    def __init__(self, statuses: dict[int, tuple[str, bool | None]]) -> None:
        self.statuses = statuses
        self.asked = 0

    async def get_chat_member(self, chat_id: int, user_id: int) -> Any:
        self.asked += 1
        if user_id not in self.statuses:
            raise TelegramBadRequest(GetChatMember(chat_id=chat_id, user_id=user_id),
                                     "Bad Request: user not found")
        status, is_member = self.statuses[user_id]
        return SimpleNamespace(status=status, is_member=is_member)


def test_who_counts_as_a_member() -> None:
    def member(status: str, is_member: bool | None = None) -> Any:
        return SimpleNamespace(status=status, is_member=is_member)

    assert counts(member("creator")) and counts(member("administrator"))
    assert counts(member("member"))
    assert counts(member("restricted", is_member=True))
    assert not counts(member("restricted", is_member=False))  # restricted, and gone
    assert not counts(member("left")) and not counts(member("kicked"))


def test_a_removed_member_is_refused_once_the_answer_expires() -> None:
    now = [1000.0]
    bot = StubBot({1: ("member", None), 2: ("restricted", True), 3: ("restricted", False)})
    members = Members(bot, Organisations([single(GROUP, None)]), admins={99},  # type: ignore[arg-type]
                      remember_for=300, clock=lambda: now[0])

    async def check() -> None:
        assert await members.may_act(1, GROUP) and await members.may_act(2, GROUP)
        assert not await members.may_act(3, GROUP)
        assert not await members.may_act(4, GROUP)  # Telegram does not know them in the group
        assert await members.may_act(99, GROUP)
        assert await members.may_act(GROUP_ANONYMOUS_BOT, GROUP)
        asked = bot.asked
        bot.statuses[1] = ("kicked", None)  # removed from the group
        bot.statuses[2] = ("left", None)
        now[0] += 299  # still remembered: no question to Telegram, still allowed
        assert await members.may_act(1, GROUP) and bot.asked == asked
        now[0] += 2  # the answer expired: asked again, and refused
        assert not await members.may_act(1, GROUP) and not await members.may_act(2, GROUP)
        assert bot.asked == asked + 2
        assert await members.may_act(99, GROUP)  # ADMIN_IDS never depend on the group

    asyncio.run(check())


def test_nobody_acts_outside_the_organisations_groups() -> None:
    members = Members(StubBot({1: ("member", None)}), Organisations([]),  # type: ignore[arg-type]
                      admins={99})

    async def check() -> None:
        assert not await members.may_act(1, GROUP)
        assert not await members.may_act(99, GROUP)  # not a group of the bot's: no cases there

    asyncio.run(check())


def test_an_organisations_admin_is_an_admin_in_its_group_only() -> None:
    other = GROUP - 1
    orgs = Organisations([replace(single(GROUP, None), key="a", admins=frozenset({5})),
                          Organisation("b", other, None)])
    bot = StubBot({})  # Telegram knows neither 5 nor 6 as a member of either group
    members = Members(bot, orgs, admins={99})  # type: ignore[arg-type]

    async def check() -> None:
        assert await members.may_act(5, GROUP) and not await members.may_act(5, other)
        assert members.admins_of(GROUP) == {5, 99} and members.admins_of(other) == {99}
        assert await members.may_act(99, other)  # ADMIN_IDS: the deployment's, everywhere
        assert not await members.may_act(6, GROUP)

    asyncio.run(check())


# -- the summary's buttons -------------------------------------------------------------------
def labels(markup: Any) -> list[str]:
    return [b.text for row in markup.inline_keyboard for b in row]


def test_the_summary_offers_block_or_unblock_and_asks_before_blocking() -> None:
    t = tr("ru")
    assert labels(case_buttons(t, 7, "new")) == [
        str(t("case-btn-take")), str(t("case-btn-close")), str(t("case-btn-block"))]
    assert labels(case_buttons(t, 7, "taken", blocked=True))[-1] == str(t("case-btn-unblock"))
    assert labels(case_buttons(t, 7, "closed", blocked=True)) == [
        str(t("case-btn-reopen")), str(t("case-btn-unblock"))]
    assert labels(case_buttons(t, 7, "new", confirm_block=True)) == [
        str(t("case-btn-block-yes")), str(t("case-btn-block-no"))]
    assert labels(case_buttons(t, 7, "taken", confirm_close=True)) == [
        str(t("case-btn-close-yes")), str(t("case-btn-close-no"))]
    for action in CaseAction:  # Telegram's limit on callback data, with the largest case id
        assert len(CasePress(c=2**63 - 1, a=action).pack().encode()) <= 64


def test_the_admin_command_reads_a_case_number() -> None:
    assert case_number("12") == 12 and case_number(" #12 ") == 12 and case_number("№7") == 7
    assert case_number(None) is None and case_number("") is None
    assert case_number("twelve") is None and case_number("-3") is None
    assert case_number("0") is None and case_number("1" * 12) is None
    assert case_number("²") is None



# -- blocking in storage -----------------------------------------------------------------------
async def open_case(cases: CasesRepo, origin: int, user_id: int) -> int:
    case_id, _ = await cases.open(origin, user_id, {"locale": "kk"}, False, lambda _: [])
    return case_id


async def events(db: Database, case_id: int) -> list[tuple[str, int | None, str]]:
    rows = await db.fetchall("SELECT actor, defender_id, event FROM case_events"
                             " WHERE case_id = ? ORDER BY id", (case_id,))
    return [(r[0], r[1], r[2]) for r in rows]


def test_a_block_covers_every_case_of_the_person_until_an_admin_lifts_it(tmp_path: Path,
                                                                        ) -> None:
    person, other, defender, admin = 11, 12, 501, 901

    async def check(db: Database) -> None:
        cases = CasesRepo(db)
        older = await open_case(cases, 1, person)
        await cases.close(older, "person")
        newer = await open_case(cases, 2, person)
        theirs = await open_case(cases, 3, other)
        assert await cases.block_of(person) is None

        await cases.block(older, defender)  # blocked from a closed, older case
        blocked = await cases.block_of(person)
        assert blocked is not None and blocked.id == older and blocked.blocked
        assert blocked.blocked_by == defender and not blocked.block_told
        assert await cases.block_of(other) is None  # nobody else
        assert not (await cases.get(newer)).blocked  # type: ignore[union-attr]
        assert not (await cases.get(theirs)).blocked  # type: ignore[union-attr]

        await cases.told_block(older)
        assert (await cases.block_of(person)).block_told  # type: ignore[union-attr]

        await cases.unblock(older, admin)
        assert await cases.block_of(person) is None
        unblocked = await cases.get(older)
        assert unblocked is not None and unblocked.blocked_by is None
        assert not unblocked.block_told  # a later block tells the person again
        assert await events(db, older) == [
            ("person", None, "opened"), ("person", None, "closed"),
            ("defender", defender, "blocked"), ("admin", admin, "unblocked")]

    run(check, tmp_path / "q.db")


def test_erasing_ones_data_loses_the_block(tmp_path: Path) -> None:
    """The trade-off of storage/migrations/0005: the block is kept by cases.user_id, which
    /forget erases. Erasure comes first."""
    person = 21

    async def check(db: Database) -> None:
        cases = CasesRepo(db)
        case_id = await open_case(cases, 1, person)
        await cases.block(case_id, 501)
        await PeopleRepo(db, SQLStorage(db)).forget(person)
        assert await cases.block_of(person) is None
        erased = await cases.get(case_id)
        assert erased is not None and erased.user_id is None and erased.state == "closed"

    run(check, tmp_path / "q.db")


# -- blocking at the desk ------------------------------------------------------------------------
def test_the_desk_sends_nothing_to_a_blocked_person_and_does_not_remind_of_their_case(
        tmp_path: Path) -> None:
    from aiogram.types import Chat, Message

    from bot.app import build_app
    from bot.settings import load_settings
    from dialogs.handoff import Intake, summarise
    from tests.screens import CONTENT

    person, defender, admin = 31, 501, 901

    async def check() -> tuple[list[str], list[str], int]:
        settings = load_settings(bot_token="123456:ROLES-test", defenders_chat_id=GROUP,
                                 data_dir=tmp_path, database_url=f"sqlite:///{tmp_path}/q.db")
        app = await build_app(settings)
        desk, db = app.dp["desk"], app.db
        try:
            summary = summarise(Intake(region="astana", children=False, danger_now=False),
                                "ru", CONTENT.assessment, CONTENT.guidance, None)
            case_id = await desk.open_case(1, person, summary)
            await db.execute("UPDATE cases SET announced_at = announced_at - 3600")
            await db.execute("DELETE FROM outbox")
            case = await desk.cases.get(case_id)
            await desk.block(case, defender, "Dana")
            reminded = await desk.remind_unclaimed()
            case = await desk.cases.get(case_id)
            reply = Message(message_id=50, date=0, text="Hello",
                            chat=Chat(id=GROUP, type="supergroup"))
            await desk.relay_out(reply, case, defender)
            await desk.tell_person(case, "case-taken-person")
            await desk.cases.told_block(case_id)
            await desk.unblock(await desk.cases.get(case_id), admin)
            rows = await db.fetchall("SELECT chat_id, payload FROM outbox ORDER BY id")
            texts = [(r[0], db.sealer.open(r[1])) for r in rows]
            keyed = db.sealer.keyed_id(person)  # a private chat's rows name it keyed
            return ([p for c, p in texts if c == GROUP], [p for c, p in texts if c == keyed],
                    reminded)
        finally:
            await app.close()

    group, to_person, reminded = asyncio.run(check())
    t = tr("ru")
    assert reminded == 0  # a blocked case waits for nobody
    assert len(group) == 3
    assert "Dana" in group[0] and str(t("case-blocked-no-reply", case=1)) in group[1]
    assert str(t("case-unblocked", case=1)) in group[2]
    # the only message for the person: the block is lifted (they had been told of it)
    assert len(to_person) == 1 and str(tr("ru")("case-unblocked-person", case=1)) in to_person[0]
