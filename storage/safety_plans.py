"""Safety plans: one per person, sealed at rest (the names, phones and words in it are what
the person wrote), read back and opened on demand, erased by /forget. Keyed by the person's
keyed id (storage.ids)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from dialogs.safety_plan import SafetyPlan
from storage import unit as uow
from storage.engine import Database, now

_SAVE = ("INSERT INTO safety_plans (user_id, plan, updated_at) VALUES (?, ?, ?)"
         " ON CONFLICT (user_id) DO UPDATE SET plan = excluded.plan,"
         " updated_at = excluded.updated_at")


@dataclass(frozen=True)
class StoredPlan:
    plan: SafetyPlan
    updated_at: int  # seconds since the epoch


class SafetyPlansRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, user_id: int) -> StoredPlan | None:
        """The person's plan, with this update's own writes committed first; None: no plan."""
        await uow.read_your_writes()
        row = await self.db.fetchone(
            "SELECT plan, updated_at FROM safety_plans WHERE user_id = ?",
            (self.db.sealer.keyed_id(user_id),))
        if row is None:
            return None
        return StoredPlan(SafetyPlan.from_data(json.loads(self.db.sealer.open(row[0]))),
                          int(row[1]))

    async def save(self, user_id: int, plan: SafetyPlan) -> int:
        """Sealed, in the current unit of work; an empty plan is deleted rather than kept.
        Returns the time it was saved."""
        if plan.empty:
            await self.forget(user_id)
            return now()
        at = now()
        sealed = self.db.sealer.seal(json.dumps(plan.to_data(), ensure_ascii=False))
        await uow.write(self.db, _SAVE, (self.db.sealer.keyed_id(user_id), sealed, at))
        return at

    async def forget(self, user_id: int) -> None:
        await uow.write(self.db, "DELETE FROM safety_plans WHERE user_id = ?",
                        (self.db.sealer.keyed_id(user_id),))
