"""Organisations (issue #27) without a bot: the file and its problems by line and field, the
routing rules, the running registry (groups that moved), the settings, and the cases' storage
by organisation on both engines."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.handoff.organisations import Organisations, organisations_of, save_move
from bot.settings import SettingsError, load_settings
from dialogs import working_hours
from dialogs.organisations import SINGLE, Organisation, choices, parse, route, single
from storage.cases import CasesRepo
from storage.db import Database
from tests.test_storage import run

EXAMPLE = Path(__file__).resolve().parents[1] / "texts" / "organisations.example.toml"
NOON = datetime(2027, 5, 12, 12, 0, tzinfo=working_hours.KZ_TIME).timestamp()  # a Wednesday


def org(key: str, regions: set[str] | None, languages: str = "kk ru en", **more: object,
        ) -> Organisation:
    return Organisation(key, -1000 - len(key), None if regions is None else frozenset(regions),
                        frozenset(languages.split()), **more)  # type: ignore[arg-type]


def closed_until_next_week() -> working_hours.WorkingHours:
    today = datetime.fromtimestamp(NOON, working_hours.KZ_TIME).date()
    holidays = f"{today}..{today + timedelta(days=6)}"
    hours = working_hours.parse("daily 09:00-18:00", "Asia/Almaty", holidays)
    assert hours is not None
    return hours


# -- the file --------------------------------------------------------------------------------
def test_the_shipped_example_is_a_valid_file() -> None:
    orgs, problems = parse(EXAMPLE.read_text(encoding="utf-8"))
    assert problems == []
    assert [o.key for o in orgs] == ["astana-crisis", "national"]
    astana = orgs[0]
    assert astana.covers("karaganda") and not astana.covers("shymkent")
    assert astana.reads("kk") and not astana.reads("en")
    assert astana.admins == {111111111} and astana.hours is not None
    assert astana.title("en") == "Astana Crisis Centre" and "09:00" in astana.contacts_in("ru")
    assert orgs[1].fallback and orgs[1].title("kk") == "Ұлттық желі"
    assert orgs[1].contacts_in("ru").startswith("111")


def test_every_problem_is_named_by_line_and_field() -> None:
    text = """
[[organisation]]
key = "Bad Key"
chat_id = 5
regions = ["almaty-city", "almty"]
languages = ["kk", "de"]
hours = "someday 09:00"
admins = ["me"]
fallback = "yes"
colour = "red"
name = { kk = "" }

[[organisation]]
key = "b"
chat_id = -100200
regions = "all"
name = { ru = "Б" }

[[organisation]]
key = "b"
chat_id = -100200
regions = ["astana"]
name = { ru = "Б2" }
"""
    orgs, problems = parse(text)
    assert orgs == []
    where = {(p.line, p.where.rsplit("field ", 1)[-1]) for p in problems}
    assert {(3, "key"), (4, "chat_id"), (5, "regions"), (6, "languages"), (7, "hours"),
            (8, "admins"), (9, "fallback"), (10, "colour"), (11, "name")} <= where
    assert any(p.line == 19 and p.why == "key used twice" for p in problems)
    assert any(p.line == 19 and "another organisation" in p.why for p in problems)
    assert "'almty'" in next(str(p) for p in problems if p.line == 5)


def test_a_file_that_is_not_toml_or_has_no_organisation() -> None:
    _, problems = parse("key = [")
    assert len(problems) == 1 and "not TOML" in str(problems[0])
    _, problems = parse("[something]\nkey = 1\n")
    assert "[[organisation]]" in str(problems[0])


def test_the_settings_stop_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "orgs.toml"
    bad.write_text('[[organisation]]\nkey = "a"\nchat_id = -1001\nregions = ["mars"]\n'
                   'name = { ru = "А" }\n', encoding="utf-8")
    with pytest.raises(SettingsError) as error:
        load_settings(_env_file=None, organisations_file=bad)
    message = str(error.value)
    assert "\n" not in message and "ORGANISATIONS_FILE" in message
    assert "line 4" in message and "field regions" in message and "'mars'" in message
    with pytest.raises(SettingsError, match="cannot read"):
        load_settings(_env_file=None, organisations_file=tmp_path / "missing.toml")
    with pytest.raises(SettingsError, match="DEFENDERS_CHAT_ID"):
        load_settings(_env_file=None, organisations_file=EXAMPLE, defenders_chat_id=-100777)
    settings = load_settings(_env_file=None, organisations_file=EXAMPLE,
                             defenders_chat_id=-1001000000002)
    assert [o.key for o in settings.organisations()] == ["astana-crisis", "national"]


def test_defenders_chat_id_alone_is_one_organisation_for_everything() -> None:
    settings = load_settings(_env_file=None, defenders_chat_id=-1001234,
                             defenders_hours="mon-fri 09:00-18:00")
    (only,) = settings.organisations()
    assert only.key == SINGLE and only.chat_id == -1001234 and only.regions is None
    assert only.fallback and only.hours is not None
    assert load_settings(_env_file=None).organisations() == []


# -- routing -----------------------------------------------------------------------------------
def test_the_place_comes_first_then_the_language() -> None:
    north = org("north", {"astana", "karaganda"}, "kk ru")
    centre = org("centre", {"astana", "almaty-city"}, "ru en")
    orgs = [north, centre]
    assert route(orgs, "karaganda", "en", NOON, {}) == north  # the only one there
    assert route(orgs, "astana", "en", NOON, {"centre": 5}) == centre  # the only one reading it
    assert route(orgs, "astana", "kk", NOON, {}) == north


def test_open_now_before_the_fewest_untaken_and_the_load_is_spread() -> None:
    shut = org("a-shut", {"astana"}, hours=closed_until_next_week())
    busy, calm = org("busy", {"astana"}), org("calm", {"astana"})
    orgs = [shut, busy, calm]
    assert route(orgs, "astana", "ru", NOON, {"calm": 3, "busy": 2}) == busy
    assert route(orgs, "astana", "ru", NOON, {"calm": 1, "busy": 2}) == calm
    assert route(orgs, "astana", "ru", NOON, {}) == busy  # equals: by key, so it is stable
    assert route([shut], "astana", "ru", NOON, {}) == shut  # closed, but the only one


def test_the_soonest_opening_wins_when_all_are_closed() -> None:
    later = org("later", {"astana"}, hours=closed_until_next_week())
    hours = working_hours.parse("daily 13:00-14:00")
    sooner = org("sooner", {"astana"}, hours=hours)
    assert route([later, sooner], "astana", "ru", NOON, {"sooner": 9}) == sooner


def test_places_nobody_serves_go_to_the_fallback_else_to_the_hotlines() -> None:
    local = org("local", {"astana"})
    national = org("national", {"shymkent"}, fallback=True)
    assert route([local, national], "mangystau", "kk", NOON, {}) == national
    assert choices([local, national], "mangystau") == [national]
    assert choices([local, national], "shymkent") == [national]
    assert route([local], "mangystau", "kk", NOON, {}) is None
    assert choices([local, national], "astana") == [local]


def test_the_registry_follows_a_group_that_moved() -> None:
    a = Organisation("a", -100, None)
    b = Organisation("b", -200, frozenset({"astana"}))
    orgs = Organisations([a, b], moved={-100: -101, -101: -102})
    assert orgs.chat("a") == -102 and orgs.of_chat(-102) == a and -100 not in orgs
    assert orgs.moved(-200, -201) and orgs.chat("b") == -201 and orgs.of_chat(-200) is None
    assert not orgs.moved(-999, -998)  # not one of the organisations' groups
    # a row read with a group's former id is still that organisation's
    assert orgs.owner(-100) == a and orgs.owner(-101) == a and orgs.owner(-200) == b
    assert orgs.owner(-999) is None
    assert orgs.single is None and Organisations([a]).single == a
    assert not Organisations([]).available


# -- storage ----------------------------------------------------------------------------------
def test_cases_by_organisation(db_at: Path | str) -> None:
    async def check(db: Database) -> None:
        cases = CasesRepo(db)
        first, _ = await cases.open(1, 5001, {"region": "astana"}, False, lambda _: [], "a")
        second, _ = await cases.open(2, 5002, {"region": "astana"}, False, lambda _: [], "b")
        third, _ = await cases.open(3, 5003, {"region": "astana"}, False, lambda _: [], "b")
        await cases.set_topic(first, 7)
        await cases.set_topic(second, 7)  # topic ids are per group: both are 7
        await cases.take(third, 42)
        assert (await cases.by_topic("a", 7)).id == first  # type: ignore[union-attr]
        assert (await cases.by_topic("b", 7)).id == second  # type: ignore[union-attr]
        assert await cases.by_topic("c", 7) is None
        assert await cases.untaken() == {"a": 1, "b": 1}
        assert (await cases.get(third)).org == "b"  # type: ignore[union-attr]

    run(check, db_at)


def test_cases_from_before_organisations_go_to_defenders_chat_id(tmp_path: Path) -> None:
    where = tmp_path / "q.db"

    async def older_case(db: Database) -> None:
        await CasesRepo(db).open(1, 5001, {"region": "astana"}, False, lambda _: [])
        await db.execute("UPDATE cases SET org = NULL")  # as 0022 leaves a case before it
        await save_move(db, -1001000000009, -1001000000001)

    run(older_case, where)

    def start(**settings: object) -> list[str]:
        async def adopt(db: Database) -> list[str]:
            orgs = await organisations_of(load_settings(_env_file=None, **settings), db)
            assert orgs.chat("astana-crisis") == -1001000000001
            rows = await db.fetchall("SELECT org FROM cases")
            return [r[0] for r in rows]

        return run(adopt, where)  # type: ignore[no-any-return]

    with pytest.raises(SettingsError) as error:
        start(organisations_file=EXAMPLE)
    assert "DEFENDERS_CHAT_ID" in str(error.value) and "\n" not in str(error.value)
    assert start(organisations_file=EXAMPLE, defenders_chat_id=-1001000000001) == \
        ["astana-crisis"]


def test_one_group_alone_takes_its_older_cases(tmp_path: Path) -> None:
    async def check(db: Database) -> None:
        await CasesRepo(db).open(1, 5001, {"region": "astana"}, False, lambda _: [])
        await db.execute("UPDATE cases SET org = NULL")
        settings = load_settings(_env_file=None, defenders_chat_id=-1005)
        orgs = await organisations_of(settings, db)
        assert orgs.single == single(-1005, None)
        assert [r[0] for r in await db.fetchall("SELECT org FROM cases")] == [SINGLE]

    run(check, tmp_path / "q.db")
