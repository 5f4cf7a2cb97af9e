"""/stats in an organisation's group (issue #27): its figures for the last 7 and 30 days, from
counts and durations only (dialogs/case_stats.py). Members of the group only."""

from __future__ import annotations

from aiogram.types import Message

from bot.handoff.desk import CaseDesk
from bot.handoff.in_group import acting_org, answer
from bot.kit.i18n import Translator
from bot.pipeline.members import Members
from dialogs.case_stats import DAY, PERIODS, CaseFacts, Period, duration, open_by_age, period
from storage.case_stats import case_facts, taken_by
from storage.db import now


async def on_stats(message: Message, desk: CaseDesk, members: Members) -> None:
    org = await acting_org(message, desk, members)
    if org is None:
        return
    t = desk.t_defenders
    at = now()
    since = at - max(PERIODS) * DAY
    facts = await case_facts(desk.cases.db, org.key, since)
    lines = [str(t("stats-title", org=org.title(t.locale))), _open_line(t, facts, at)]
    for days in PERIODS:
        lines.append("")
        lines += _period_lines(t, period(facts, at, days))
        taken: dict[str, int] = {}
        for defender, count in (await taken_by(desk.cases.db, org.key, at - days * DAY)).items():
            name = await desk.cases.display_name(defender) or str(t("case-defender"))
            taken[name] = taken.get(name, 0) + count
        lines.append(str(t("stats-defenders", defenders=_pairs(t, sorted(
            taken.items(), key=lambda kv: (-kv[1], kv[0]))))))
    await answer(message, "\n".join(lines))


def _open_line(t: Translator, facts: list[CaseFacts], at: int) -> str:
    day, week, older = open_by_age(facts, at)
    return str(t("stats-open", total=day + week + older, day=day, week=week, older=older))


def _period_lines(t: Translator, p: Period) -> list[str]:
    regions = [(str(t(f"region-{r}")), n) for r, n in p.regions]
    return [str(t("stats-period", days=p.days, count=p.opened)),
            str(t("stats-take", median=duration(p.take[0]), p90=duration(p.take[1]))),
            str(t("stats-reply", median=duration(p.reply[0]), p90=duration(p.reply[1]))),
            str(t("stats-regions", regions=_pairs(t, regions))),
            str(t("stats-weeks", weeks=_pairs(t, p.weeks)))]


def _pairs(t: Translator, pairs: list[tuple[str, int]]) -> str:
    return ", ".join(f"{name} {count}" for name, count in pairs) or str(t("stats-none"))
