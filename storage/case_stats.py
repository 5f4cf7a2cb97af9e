"""What /stats reads (dialogs/case_stats.py): an organisation's cases of a period and the open
ones, with when each was first taken and first answered, and who took how many."""

from __future__ import annotations

import json

from dialogs.case_stats import CaseFacts
from storage.engine import Database


async def case_facts(db: Database, org: str, since: int) -> list[CaseFacts]:
    rows = await db.fetchall(
        "SELECT c.created_at, c.state, c.summary,"
        " (SELECT MIN(e.at) FROM case_events e WHERE e.case_id = c.id AND e.event = 'taken'),"
        " (SELECT MIN(e.at) FROM case_events e WHERE e.case_id = c.id AND e.event = 'replied')"
        " FROM cases c WHERE c.org = ? AND (c.created_at >= ? OR c.state <> 'closed')",
        (org, since))
    facts = []
    for created, state, summary, taken, replied in rows:
        region = json.loads(db.sealer.open(summary)).get("region")
        facts.append(CaseFacts(int(created), state != "closed", region,
                               int(taken) if taken is not None else None,
                               int(replied) if replied is not None else None))
    return facts


async def taken_by(db: Database, org: str, since: int) -> dict[int, int]:
    """How many cases of the organisation each defender took since `since`."""
    rows = await db.fetchall(
        "SELECT e.defender_id, COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id"
        " WHERE c.org = ? AND e.event = 'taken' AND e.at >= ? AND e.defender_id IS NOT NULL"
        " GROUP BY e.defender_id", (org, since))
    return {int(d): int(n) for d, n in rows}
