"""Cases, the relay map between the person's chat and the case's topic, the audit trail of who
did what, and the defenders' display names.

A case names its person by their keyed id (`user_id`, storage.ids), to find their cases while
they write, and by their chat id sealed (`person`), for the relay when they are not there.
`Case.user_id` is the chat id itself, opened."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from dialogs.organisations import SINGLE
from storage import unit as uow
from storage.crypto import Sealer
from storage.engine import Database, Statement, now

OPEN_STATES = ("new", "taken")
IN, OUT = "in", "out"  # person -> topic, defender -> person


@dataclass(frozen=True)
class Case:
    id: int
    user_id: int | None
    summary: dict[str, Any]  # dialogs.handoff.CaseSummary.to_data()
    urgent: bool
    state: str  # new | taken | closed
    defender_id: int | None
    topic_id: int | None
    told_relay: bool
    created_at: int
    closed_by: str | None  # "person" or "defender" while closed
    blocked_at: int | None = None  # a defender blocked the person of this case (0005)
    blocked_by: int | None = None  # that defender's id
    block_told: bool = False  # the person was told, once, that their messages are not taken
    updated_at: int | None = None  # its last change: for a closed case, when it was closed
    org: str = ""  # the organisation whose group holds its topic (dialogs.organisations)

    def days_open(self, at: int) -> int:
        """Whole days from the request to its closing (or to `at` while it is open)."""
        until = self.updated_at if self.state == "closed" and self.updated_at else at
        return max(0, until - self.created_at) // 86400

    @property
    def blocked(self) -> bool:
        return self.blocked_at is not None

    @property
    def reopens_on_write(self) -> bool:
        """A case a defender closed reopens when the person writes again; one the person
        closed stays closed (they chose to stop; the menu offers a new request)."""
        return self.state == "closed" and self.closed_by == "defender" and \
            self.user_id is not None

    @property
    def open(self) -> bool:
        return self.state in OPEN_STATES


_COLUMNS = ("id, person, summary, urgent, state, defender_id, topic_id, told_relay,"
            " created_at, closed_by, blocked_at, blocked_by, block_told, updated_at, org")


def _case(row: Sequence[Any] | None, sealer: Sealer) -> Case | None:
    if row is None:
        return None
    person = sealer.open_id(row[1]) if row[1] is not None else None
    return Case(row[0], person, json.loads(sealer.open(row[2])), bool(row[3]), row[4], row[5],
                row[6], bool(row[7]), row[8], row[9], row[10], row[11], bool(row[12]), row[13],
                row[14] or "")


def event(case_id: int, actor: str, name: str, defender_id: int | None = None) -> Statement:
    return ("INSERT INTO case_events (case_id, actor, defender_id, event, at)"
            " VALUES (?, ?, ?, ?, ?)", (case_id, actor, defender_id, name, now()))


class CasesRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _case(self, row: Sequence[Any] | None) -> Case | None:
        return _case(row, self.db.sealer)

    def _keyed(self, user_id: int) -> int:
        return self.db.sealer.keyed_id(user_id)

    # -- opening -------------------------------------------------------------------------------
    async def open(self, origin: int, user_id: int, summary: dict[str, Any], urgent: bool,
                   follow: Callable[[int], Sequence[Statement]], org: str = SINGLE,
                   ) -> tuple[int, bool]:
        """Open a case for the update `origin`, with the statements `follow(case_id)` gives
        (such as the summary queued for the defenders), in one transaction. Returns the case id
        and whether it is new: the same update handled again finds its case."""
        at = now()
        async with self.db.transaction() as tx:
            inserted = await tx.execute(
                "INSERT INTO cases (origin, user_id, person, summary, urgent, created_at,"
                " updated_at, announced_at, org) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (origin) DO NOTHING",
                (origin, self._keyed(user_id), self.db.sealer.seal_id(user_id),
                 self.db.sealer.seal(json.dumps(summary, ensure_ascii=False)),
                 int(urgent), at, at, at, org))
            row = await tx.fetchone("SELECT id FROM cases WHERE origin = ?", (origin,))
            assert row is not None
            case_id = int(row[0])
            if inserted:
                for sql, params in (event(case_id, "person", "opened"), *follow(case_id)):
                    await tx.execute(sql, params)
        return case_id, bool(inserted)

    # -- finding ---------------------------------------------------------------------------
    async def get(self, case_id: int) -> Case | None:
        await uow.read_your_writes()
        return self._case(await self.db.fetchone(
            f"SELECT {_COLUMNS} FROM cases WHERE id = ?", (case_id,)))

    async def open_case_of(self, user_id: int) -> Case | None:
        await uow.read_your_writes()
        return self._case(await self.db.fetchone(
            f"SELECT {_COLUMNS} FROM cases WHERE user_id = ? AND state IN ('new', 'taken')"
            " ORDER BY id DESC LIMIT 1", (self._keyed(user_id),)))

    async def latest_of(self, user_id: int) -> Case | None:
        """The person's most recent case, open or closed (a closed one may be reopened)."""
        await uow.read_your_writes()
        return self._case(await self.db.fetchone(
            f"SELECT {_COLUMNS} FROM cases WHERE user_id = ? ORDER BY id DESC LIMIT 1",
            (self._keyed(user_id),)))

    async def by_topic(self, org: str, topic_id: int) -> Case | None:
        """The case of a topic in the organisation's group (topic ids are per group)."""
        await uow.read_your_writes()
        return self._case(await self.db.fetchone(
            f"SELECT {_COLUMNS} FROM cases WHERE org = ? AND topic_id = ?"
            " ORDER BY id DESC LIMIT 1", (org, topic_id)))

    async def untaken(self) -> dict[str, int]:
        """Open cases nobody has taken, by organisation: routing spreads the load."""
        rows = await self.db.fetchall(
            "SELECT org, COUNT(*) FROM cases WHERE state = 'new' GROUP BY org")
        return {str(org): int(n) for org, n in rows if org is not None}

    async def unadopted(self, org: str = SINGLE) -> int:
        """Cases of the single group not yet `org`'s: opened before organisations (0022, no
        organisation) or with DEFENDERS_CHAT_ID alone (SINGLE's)."""
        row = await self.db.fetchone(
            "SELECT COUNT(*) FROM cases WHERE org IS NULL OR (org = ? AND org <> ?)",
            (SINGLE, org))
        return int(row[0]) if row else 0

    async def adopt(self, org: str) -> int:
        """The single group's cases belong to the organisation `org`, whose group it is."""
        return await self.db.execute(
            "UPDATE cases SET org = ? WHERE org IS NULL OR (org = ? AND org <> ?)",
            (org, SINGLE, org))

    async def unclaimed(self, announced_before: int, urgent_announced_before: int,
                        ) -> list[Case]:
        rows = await self.db.fetchall(
            f"SELECT {_COLUMNS} FROM cases WHERE state = 'new' AND"
            " ((urgent = 0 AND announced_at < ?) OR (urgent = 1 AND announced_at < ?))"
            " ORDER BY id", (announced_before, urgent_announced_before))
        return [c for r in rows if (c := self._case(r)) is not None]

    async def waiting_untold(self, created_before: int) -> list[Case]:
        """Open cases nobody has ever taken, opened before `created_before`, whose person
        was not yet told that nobody has taken them (0009): never a case a defender took,
        closed (and perhaps reopened), blocked, or erased."""
        rows = await self.db.fetchall(
            f"SELECT {_COLUMNS} FROM cases WHERE state = 'new' AND wait_told = 0"
            " AND user_id IS NOT NULL AND blocked_at IS NULL AND created_at < ?"
            " AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = cases.id"
            " AND e.event IN ('taken', 'closed')) ORDER BY id", (created_before,))
        return [c for r in rows if (c := self._case(r)) is not None]

    @staticmethod
    def told_wait(case_id: int) -> Statement:
        """The person was told that nobody has taken the case yet (0009)."""
        return ("UPDATE cases SET wait_told = 1 WHERE id = ?", (case_id,))

    async def counts(self) -> dict[str, int]:
        rows = await self.db.fetchall("SELECT state, COUNT(*) FROM cases GROUP BY state")
        return {r[0]: int(r[1]) for r in rows}

    # -- changing (each joins the current unit of work) -------------------------------------
    async def _change(self, case_id: int, sql: str, params: Sequence[Any], actor: str,
                      name: str, defender_id: int | None = None) -> None:
        await uow.write(self.db, f"UPDATE cases SET {sql}, updated_at = ? WHERE id = ?",
                        (*params, now(), case_id))
        await uow.write(self.db, *event(case_id, actor, name, defender_id))

    async def take(self, case_id: int, defender_id: int) -> None:
        await self._change(case_id, "state = 'taken', defender_id = ?", (defender_id,),
                           "defender", "taken", defender_id)

    async def release(self, case_id: int, defender_id: int) -> None:
        await self._change(case_id, "state = 'new', defender_id = NULL, announced_at = ?",
                           (now(),), "defender", "released", defender_id)

    async def close(self, case_id: int, actor: str, defender_id: int | None = None) -> None:
        await self._change(case_id, "state = 'closed', closed_by = ?", (actor,), actor, "closed",
                           defender_id)

    async def reopen(self, case_id: int) -> None:
        await self._change(case_id, "state = CASE WHEN defender_id IS NULL THEN 'new'"
                           " ELSE 'taken' END, closed_by = NULL, announced_at = ?", (now(),),
                           "person", "reopened")

    async def transfer(self, case_id: int, org: str, defender_id: int) -> None:
        """The case goes to the organisation `org`: a new topic there, nobody's yet, announced
        now; the old topic's message pairs go (replies there no longer reach the person)."""
        await self._change(case_id, "org = ?, topic_id = NULL, state = 'new', defender_id = NULL,"
                           " closed_by = NULL, announced_at = ?, told_internal = 0, wait_told = 0,"
                           " summary_message = NULL",
                           (org, now()), "defender", "transferred", defender_id)
        await uow.write(self.db, "DELETE FROM relay_map WHERE case_id = ?", (case_id,))

    async def replied(self, case_id: int) -> None:
        """A reply reached the person: the first one is kept as an event (/stats)."""
        await uow.write(self.db, "INSERT INTO case_events (case_id, actor, event, at)"
                        " SELECT ?, 'defender', 'replied', ? WHERE NOT EXISTS (SELECT 1"
                        " FROM case_events WHERE case_id = ? AND event = 'replied')",
                        (case_id, now(), case_id))

    # -- the summary's message, edited to show the latest note (0023) ------------------------
    async def set_summary_message(self, case_id: int, message_id: int | None) -> None:
        await uow.write(self.db, "UPDATE cases SET summary_message = ? WHERE id = ?",
                        (message_id, case_id))

    async def summary_message(self, case_id: int) -> int | None:
        await uow.read_your_writes()
        row = await self.db.fetchone("SELECT summary_message FROM cases WHERE id = ?",
                                     (case_id,))
        return int(row[0]) if row and row[0] is not None else None

    async def told_relay(self, case_id: int) -> None:
        await uow.write(self.db, "UPDATE cases SET told_relay = 1 WHERE id = ?", (case_id,))

    async def set_topic(self, case_id: int, topic_id: int | None) -> None:
        await self.db.execute("UPDATE cases SET topic_id = ? WHERE id = ?", (topic_id, case_id))

    async def announced(self, case_id: int) -> None:
        await self.db.execute("UPDATE cases SET announced_at = ? WHERE id = ?",
                              (now(), case_id))

    # -- guiding the defenders (0014) -------------------------------------------------------
    async def last_reply_at(self, case_id: int) -> int | None:
        """When a defender's reply last reached the person (its copy's mapping is written on
        delivery), or None if none ever did."""
        row = await self.db.fetchone(
            "SELECT MAX(created_at) FROM relay_map WHERE case_id = ? AND direction = ?",
            (case_id, OUT))
        return int(row[0]) if row and row[0] is not None else None

    async def told_internal(self, case_id: int) -> bool:
        """Whether the topic was told once that a plain message stays internal (0014)."""
        row = await self.db.fetchone("SELECT told_internal FROM cases WHERE id = ?",
                                     (case_id,))
        return bool(row and row[0])

    async def claim_internal_hint(self, case_id: int) -> bool:
        """Mark the hint as given; True for the one caller that marked it (two defenders
        writing at once in one topic do not both get it). Committed at once, outside the
        update's unit of work: losing the hint to a crash just after costs less than a second
        copy of it."""
        await uow.read_your_writes()
        return await self.db.execute(
            "UPDATE cases SET told_internal = 1 WHERE id = ? AND told_internal = 0",
            (case_id,)) == 1

    # -- blocking the person of a case (0005) -----------------------------------------------
    async def block(self, case_id: int, defender_id: int) -> None:
        """A defender blocks the person of this case: see storage/migrations/0005."""
        await self._change(case_id, "blocked_at = ?, blocked_by = ?, block_told = 0",
                           (now(), defender_id), "defender", "blocked", defender_id)

    async def unblock(self, case_id: int, admin_id: int) -> None:
        """An NGO admin lifts the block (recorded with the admin's id)."""
        await self._change(case_id, "blocked_at = NULL, blocked_by = NULL, block_told = 0", (),
                           "admin", "unblocked", admin_id)

    async def block_of(self, user_id: int) -> Case | None:
        """The person's blocked case, if any: a block on any of their cases stops them all."""
        await uow.read_your_writes()
        return self._case(await self.db.fetchone(
            f"SELECT {_COLUMNS} FROM cases WHERE user_id = ? AND blocked_at IS NOT NULL"
            " ORDER BY id DESC LIMIT 1", (self._keyed(user_id),)))

    async def told_block(self, case_id: int) -> None:
        await uow.write(self.db, "UPDATE cases SET block_told = 1 WHERE id = ?", (case_id,))

    async def of_person(self, user_id: int, limit: int = 20) -> list[Case]:
        """The person's cases, newest first (for /mydata)."""
        await uow.read_your_writes()
        rows = await self.db.fetchall(
            f"SELECT {_COLUMNS} FROM cases WHERE user_id = ? ORDER BY id DESC LIMIT ?",
            (self._keyed(user_id), limit))
        return [c for r in rows if (c := self._case(r)) is not None]

    # -- the relay map ---------------------------------------------------------------------
    async def map(self, case_id: int, person_message_id: int, topic_message_id: int,
                  direction: str) -> None:
        await uow.write(
            self.db,
            "INSERT INTO relay_map (case_id, person_message_id, topic_message_id, direction,"
            " created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (case_id, person_message_id, topic_message_id, direction, now()))

    async def in_topic(self, case_id: int, person_message_id: int) -> int | None:
        """The topic's copy of (or original behind) a message in the person's chat."""
        row = await self.db.fetchone(
            "SELECT topic_message_id FROM relay_map WHERE case_id = ? AND person_message_id = ?"
            " ORDER BY topic_message_id LIMIT 1", (case_id, person_message_id))
        return int(row[0]) if row else None

    async def in_person_chat(self, case_id: int, topic_message_id: int,
                             ) -> tuple[int, str] | None:
        """The person's message behind a topic message (or the copy of a defender's reply),
        and which way it went."""
        row = await self.db.fetchone(
            "SELECT person_message_id, direction FROM relay_map WHERE case_id = ? AND"
            " topic_message_id = ? ORDER BY person_message_id LIMIT 1",
            (case_id, topic_message_id))
        return (int(row[0]), str(row[1])) if row else None

    # -- erasure ---------------------------------------------------------------------------
    async def forget(self, user_id: int) -> list[Case]:
        """Erase what the person told (the summary), their id and the relay maps. What is left
        of each case names nobody: its number, topic and state, so defenders who write in the
        topic are told the person erased their data (retention deletes it later). Returns the
        cases that were open, so their topics can be told."""
        await uow.read_your_writes()
        keyed = self._keyed(user_id)
        rows = await self.db.fetchall(f"SELECT {_COLUMNS} FROM cases WHERE user_id = ?",
                                      (keyed,))
        cases = [c for r in rows if (c := self._case(r)) is not None]
        for case in cases:
            await uow.write(self.db, "DELETE FROM relay_map WHERE case_id = ?", (case.id,))
            await uow.write(self.db, "DELETE FROM case_notes WHERE case_id = ?", (case.id,))
            await uow.write(self.db, *event(case.id, "person", "erased"))
        await uow.write(self.db, "UPDATE cases SET user_id = NULL, person = NULL, summary = ?,"
                        " state = 'closed', closed_by = 'erased', updated_at = ?"
                        " WHERE user_id = ?", (self.db.sealer.seal("{}"), now(), keyed))
        return [c for c in cases if c.open]

    async def closed_before(self, at: int) -> list[Case]:
        """Closed cases last changed before `at` that still have a topic (the retention purge
        erases their topics first)."""
        rows = await self.db.fetchall(
            f"SELECT {_COLUMNS} FROM cases WHERE state = 'closed' AND updated_at < ?"
            " AND topic_id IS NOT NULL ORDER BY id", (at,))
        return [c for r in rows if (c := self._case(r)) is not None]

    async def topic_erased(self, case_id: int) -> None:
        """The case's topic is being deleted: nothing is to be posted there again."""
        await uow.write(self.db, "UPDATE cases SET topic_id = NULL WHERE id = ?", (case_id,))
        await uow.write(self.db, *event(case_id, "system", "topic erased"))

    async def purge_closed(self, days: int) -> int:
        """Cases closed more than `days` days ago, with their relay maps; returns how many."""
        cutoff = now() - days * 86400
        old = "SELECT id FROM cases WHERE state = 'closed' AND updated_at < ?"
        await self.db.run([
            (f"DELETE FROM relay_map WHERE case_id IN ({old})", (cutoff,)),
            (f"DELETE FROM case_notes WHERE case_id IN ({old})", (cutoff,)),
            (f"DELETE FROM case_former_topics WHERE case_id IN ({old})", (cutoff,)),
            (f"INSERT INTO case_events (case_id, actor, event, at) SELECT id, 'system',"
             f" 'purged', CAST(? AS BIGINT) FROM cases WHERE id IN ({old})", (now(), cutoff)),
        ])
        return await self.db.execute(f"DELETE FROM cases WHERE id IN ({old})", (cutoff,))

    # -- defenders -------------------------------------------------------------------------
    async def display_name(self, defender_id: int) -> str | None:
        row = await self.db.fetchone("SELECT display_name FROM defenders WHERE user_id = ?",
                                     (defender_id,))
        return row[0] if row else None

    async def set_display_name(self, defender_id: int, name: str | None) -> None:
        await uow.write(
            self.db,
            "INSERT INTO defenders (user_id, display_name, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name,"
            " updated_at = excluded.updated_at", (defender_id, name, now()))
