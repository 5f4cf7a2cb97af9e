"""The directory of help: the CSV NGO staff edit (every problem with its line, column and
reason; a round trip through the file changes nothing), the choice of entries by region and
by distance, the seed of national lines, and the storage (replace all at once, seeded once)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.kit.i18n import LOCALES, Translations
from dialogs.directory import (
    COLUMNS,
    ERROR_IDS,
    KIND_LABELS,
    KINDS,
    LANGUAGE_LABELS,
    LANGUAGES,
    NATIONAL,
    REGIONS,
    Entry,
    for_region,
    normalise_phone,
    parse_bytes,
    parse_csv,
    to_bytes,
    write_csv,
)
from dialogs.directory_choice import distance_km, nearest, paginate
from dialogs.handoff import PLACES
from tests.databases import database_at

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "texts" / "directory"
HEADER = ",".join(COLUMNS)
ALMATY = (43.238949, 76.889709)
ASTANA = (51.169392, 71.449074)
SHYMKENT = (42.3417, 69.5901)


def row(**cells: str) -> str:
    base = {"id": "ngo-1", "region": "almaty-city", "name_kk": "Үміт", "phone": "+7 727 123 45 67"}
    base.update(cells)
    return ",".join(_quote(base.get(c, "")) for c in COLUMNS)


def _quote(value: str) -> str:
    return f'"{value}"' if any(ch in value for ch in ',"\n;') else value


def problems(text: str) -> list[str]:
    return [str(p) for p in parse_csv(text).problems]


# -- reading -------------------------------------------------------------------------------------
def test_a_valid_file_is_read_with_values_normalised() -> None:
    text = "\r\n".join([
        HEADER,
        row(kinds="legal; Psychological,legal", languages="ru kk", lat="43,238949",
            lon="76.889709", phone="8 (727) 123-45-67", region="Almaty-City"),
        "",
        row(id="#draft", name_kk="not yet"),  # a comment row
        row(id="national-1", region="all", phone="1414", name_kk="", name_ru="Линия"),
    ])
    parsed = parse_csv(text)
    assert parsed.ok and parsed.comments == 1
    first, second = parsed.entries
    assert first.kinds == ("psychological", "legal")  # the manual's order, once each
    assert first.languages == ("kk", "ru")
    assert (first.lat, first.lon) == ALMATY and first.located
    assert first.phone == "+7 727 123 45 67" and first.region == "almaty-city"
    assert second.national and second.phone == "1414" and not second.located
    assert second.name("kk") == "Линия" and first.name("en") == "Үміт"  # the name there is


def test_every_problem_has_its_line_column_and_reason() -> None:
    text = "\n".join([
        HEADER,
        row(),                                                         # line 2: fine
        row(id="ngo 2", region="atlantis", kinds="legal;magic", phone="12345"),  # line 3
        row(id="ngo-3", name_kk="", languages="fr", lat="91", lon="200"),        # line 4
        row(id="ngo-1"),                                               # line 5: twice
        row(id="ngo-6", lat="76.889709", lon="43.238949"),             # line 6: swapped
        row(id="ngo-7", lat="43.2"),                                   # line 7: half
        row(id="ngo-8", hours="9:00\nto 18:00"),                       # lines 8-9
        row(id="ngo-9", region="", phone="", lat="north"),             # line 10
    ])
    assert problems(text) == [
        "line 3, id: id (ngo 2)", "line 3, region: region (atlantis)",
        "line 3, kinds: kind (magic)", "line 3, phone: phone (12345)",
        "line 4, name_kk: name", "line 4, languages: language (fr)",
        "line 4, lat: range (91)", "line 4, lon: range (200)",
        "line 5, id: id-twice (2)",
        "line 6, lat: outside (76.889709, 43.238949)",
        "line 7, lon: pair",
        "line 8, hours: control",
        "line 10, region: required", "line 10, phone: required",
        "line 10, lat: coordinate (north)", "line 10, lon: pair",
    ]
    assert parse_csv(text).entries == ()  # a file with a problem gives nothing


def test_the_header_is_checked_first() -> None:
    assert problems("id,region,nmae_kk,phone\n" + "a,all,x,112") == [
        "line 1, nmae_kk: column-unknown (nmae_kk)",
        "line 1: column-missing (name_kk / name_ru / name_en)"]
    assert problems("id,id,name_ru\n") == ["line 1, id: column-twice (id)",
                                           "line 1: column-missing (region, phone)"]
    assert problems("") == ["line 0: empty"]
    assert problems(HEADER + "\n" + row(id="#only-a-comment")) == ["line 0: empty"]
    assert problems(HEADER + "\n" + row() + ",extra") == ["line 2: cells (15 > 14)"]


def test_fewer_columns_and_any_order_are_fine() -> None:
    parsed = parse_csv("phone,name_ru,region,id\r\n102,Полиция,all,police\r\n")
    assert parsed.ok and parsed.entries[0] == Entry("police", "all", name_ru="Полиция",
                                                    phone="102")


def test_a_spreadsheet_in_russian_saves_with_semicolons_and_a_bom() -> None:
    text = HEADER.replace(",", ";") + "\r\n" + \
        "ngo-1;astana;Үміт;;;legal;87172123456;;kk;51,169392;71,449074;;;\r\n"
    parsed = parse_bytes(to_bytes(text))
    assert parsed.ok, parsed.problems
    assert parsed.entries[0].phone == "+7 717 212 34 56"
    assert (parsed.entries[0].lat, parsed.entries[0].lon) == ASTANA
    assert [str(p) for p in parse_bytes("id;name".encode("cp1251") + b"\xe0").problems] == [
        "line 0: encoding"]


def test_phone_numbers() -> None:
    cases = {
        "112": "112", "1414": "1414", "+7 727 123 45 67": "+7 727 123 45 67",
        "8 (701) 123-45-67": "+7 701 123 45 67", "87011234567": "+7 701 123 45 67",
        "7011234567": "+7 701 123 45 67", "+77011234567": "+7 701 123 45 67",
        "8 800 080 7777": "+7 800 080 77 77", "+998 90 123 45 67": "+998901234567",
    }
    for given_text, expected in cases.items():
        assert normalise_phone(given_text) == expected, given_text
        assert normalise_phone(expected) == expected  # written back, read the same
    for wrong in ("12", "12345", "701 123", "phone", "+7 701 123 45 67 ext 2", "٣٣٣", "+12"):
        assert normalise_phone(wrong) is None, wrong


# -- the round trip ----------------------------------------------------------------------------
_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30).map(str.strip)
_coordinates = st.tuples(st.floats(40.0, 56.0), st.floats(46.0, 88.0)).map(
    lambda p: (round(p[0], 6), round(p[1], 6)))
_phones = st.one_of(
    st.from_regex(r"1[0-9]{2,3}", fullmatch=True),
    st.from_regex(r"7[0-9]{9}", fullmatch=True).map(lambda d: normalise_phone(d) or ""),
    st.from_regex(r"\+9[0-9]{9,13}", fullmatch=True))


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    names = draw(st.tuples(_text, _text, _text).filter(any))
    point = draw(st.none() | _coordinates)
    return Entry(
        id=draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,20}", fullmatch=True)),
        region=draw(st.sampled_from(REGIONS)), name_kk=names[0], name_ru=names[1],
        name_en=names[2],
        kinds=tuple(k for k in KINDS if k in draw(st.sets(st.sampled_from(KINDS)))),
        phone=draw(_phones), hours=draw(_text),
        languages=tuple(x for x in LANGUAGES if x in draw(st.sets(st.sampled_from(LANGUAGES)))),
        lat=point[0] if point else None, lon=point[1] if point else None,
        note_kk=draw(_text), note_ru=draw(_text), note_en=draw(_text))


@settings(max_examples=150, deadline=None)
@given(st.lists(entries(), min_size=1, max_size=8, unique_by=lambda e: e.id))
def test_writing_then_reading_gives_the_same_entries(written: list[Entry]) -> None:
    written = [e for e in written if not e.id.startswith("#")]
    text = write_csv(written)
    parsed = parse_bytes(to_bytes(text))
    assert parsed.problems == () and list(parsed.entries) == written
    assert write_csv(parsed.entries) == text  # and the file is written the same again


# -- the shipped files ---------------------------------------------------------------------------
def test_the_seed_holds_the_national_lines_only_and_says_only_what_is_confirmed() -> None:
    text = (FOLDER / "national.csv").read_bytes().decode("utf-8")
    parsed = parse_csv(text)
    assert parsed.ok and write_csv(parsed.entries) == text
    assert [e.phone for e in parsed.entries] == ["112", "102", "103", "111", "150"]
    assert all(e.national and not e.located and not e.kinds for e in parsed.entries)
    # LEGAL-CURRENCY.md confirms 111 is 24/7, free and anonymous; nothing of the kind for the
    # others, nor the languages any line answers in.
    confirmed = re.compile(r"free|24/7|тегін|тәулік|бесплатн|круглосуточн", re.I)
    for entry in parsed.entries:
        said = " ".join([entry.hours, *entry.cells().values()])
        assert bool(confirmed.search(said)) == (entry.phone == "111"), entry.id
        assert entry.languages == ()
        assert all(entry.name(loc) and entry.name(loc) == getattr(entry, f"name_{loc}")
                   for loc in LOCALES)  # named in each language


def test_the_template_is_an_example_only() -> None:
    text = (FOLDER / "template.csv").read_bytes().decode("utf-8")
    parsed = parse_csv(text)
    assert parsed.entries == () and parsed.comments == 1  # importing it as is: nothing
    assert "Example NGO" in text and "+7 700 000 00 00" in text
    example = parse_csv(text.replace("#example-ngo", "example-ngo"))
    assert example.ok and example.entries[0].kinds == ("psychological", "legal")


# -- choosing ----------------------------------------------------------------------------------
def sample() -> list[Entry]:
    return [
        Entry("a-1", "almaty-city", name_ru="Алматы 1", phone="+7 727 000 00 01",
              lat=ALMATY[0], lon=ALMATY[1]),
        Entry("112", NATIONAL, name_ru="112", phone="112"),
        Entry("astana-1", "astana", name_ru="Астана 1", phone="+7 717 000 00 01",
              lat=ASTANA[0], lon=ASTANA[1]),
        Entry("a-2", "almaty-city", name_ru="Алматы 2", phone="+7 727 000 00 02"),
        Entry("111", NATIONAL, name_ru="111", phone="111"),
        Entry("s-1", "shymkent", name_ru="Шымкент", phone="+7 725 000 00 01",
              lat=SHYMKENT[0], lon=SHYMKENT[1]),
    ]


def test_a_region_gets_the_national_lines_first_then_its_own() -> None:
    assert [e.id for e in for_region(sample(), "almaty-city")] == ["112", "111", "a-1", "a-2"]
    assert [e.id for e in for_region(sample(), "ulytau")] == ["112", "111"]


def test_distance_and_the_nearest() -> None:
    assert distance_km(*ALMATY, *ALMATY) == 0
    assert 960 <= distance_km(*ALMATY, *ASTANA) <= 980  # Almaty to Astana: about 970 km
    assert distance_km(0, 0, 0, 180) == pytest.approx(20015, rel=1e-3)  # half the equator
    near_shymkent = nearest(sample(), 42.9, 71.4, 2)  # Taraz
    assert [n.entry.id for n in near_shymkent] == ["s-1", "a-1"]
    assert near_shymkent[0].km < near_shymkent[1].km
    assert [n.entry.id for n in nearest(sample(), *ASTANA, 10)] == ["astana-1", "a-1", "s-1"]


def test_pages_keep_order_and_stay_within_the_budget() -> None:
    assert paginate([10, 10, 10], 30) == [[0, 1], [2]]
    assert paginate([50, 5], 30) == [[0], [1]]  # too big for any page: alone
    assert paginate([], 30) == []


# -- texts ---------------------------------------------------------------------------------------
def test_every_problem_kind_and_language_has_words_in_every_locale(caplog) -> None:
    translations = Translations()
    for locale in LOCALES:
        t = translations.get(locale)
        for msg_id in ERROR_IDS.values():
            caplog.clear()
            text = t(msg_id, line=3, column="phone", value="<12&>")
            assert not caplog.records, f"{msg_id} in {locale}: {caplog.records[0].message}"
            assert "&lt;12&amp;&gt;" in text or "value" not in msg_id
        for msg_id in [*KIND_LABELS.values(), *LANGUAGE_LABELS.values()]:
            assert t(msg_id) != msg_id
        for place in PLACES:
            assert t(f"region-{place}") != f"region-{place}"


# -- storage -------------------------------------------------------------------------------------
def test_storage_is_seeded_once_and_replaced_whole(db_at: Path | str) -> None:
    from storage.directory import DirectoryRepo
    from storage.unit import UnitOfWork, active

    async def check() -> None:
        db = database_at(db_at)
        await db.connect()
        try:
            repo = DirectoryRepo(db)
            seeded = await repo.all()
            assert [e.phone for e in seeded] == ["112", "102", "103", "111", "150"]
            assert await DirectoryRepo(db).all() == seeded  # seeded once, not twice
            assert (await db.fetchone("SELECT COUNT(*) FROM directory")) == (5,)

            await repo.replace_all(sample())  # outside a unit: at once
            assert [e.id for e in await repo.region("almaty-city")] == ["112", "111", "a-1",
                                                                        "a-2"]
            assert [e.id for e in await repo.national()] == ["112", "111"]
            assert [e.id for e in await repo.located()] == ["a-1", "astana-1", "s-1"]
            assert (await repo.all())[0] == sample()[0]  # every field as it went in

            unit = UnitOfWork(db)
            with active(unit):
                await repo.replace_all(sample()[:2])
            assert len(await repo.all()) == 6  # not before the unit commits
            unit.rollback()
            assert len(await repo.all()) == 6
            with active(unit):
                await repo.replace_all(sample()[:2])
            await unit.commit()
            assert [e.id for e in await repo.all()] == ["a-1", "112"]
        finally:
            await db.close()

    asyncio.run(check())


def test_a_comment_is_known_by_its_id_wherever_the_id_column_is() -> None:
    parsed = parse_csv("name_ru,id,region,phone\r\n#x,a,all,112\r\nY,#b,all,112\r\n")
    assert parsed.comments == 1 and [e.id for e in parsed.entries] == ["a"]
    assert problems(HEADER + "\n" + row() + "\0\n") == ["line 2, note_en: control"]
    huge = problems(HEADER + "\n" + row(note_ru="я" * 200_000))
    assert huge == ["line 2: unreadable (field larger than field limit (131072))"]


# -- what a person reads --------------------------------------------------------------------
def long_entry(n: int, region: str = "turkistan") -> Entry:
    return Entry(f"e-{n}", region, name_kk=f"<b>Ұйым</b> & {n:03}" + "ы" * 150,
                 kinds=KINDS, phone="+7 725 000 00 00",
                 hours="24/7", languages=LANGUAGES, lat=42.3, lon=69.6,
                 note_kk="ескерту " * 37, note_ru="заметка")


@pytest.mark.parametrize("locale", LOCALES)
def test_every_page_fits_and_what_organisations_wrote_is_escaped(locale: str) -> None:
    from bot.directory.router import entry_text, nearest_text, region_pages
    from bot.kit.text import utf16_len

    t = Translations().get(locale)
    entries = [long_entry(n, NATIONAL if n < 30 else "turkistan") for n in range(90)]
    pages = region_pages(t, "turkistan", entries)
    assert len(pages) > 3 and all(utf16_len(p) <= 4096 for p in pages)
    text = "".join(pages)
    assert text.count("&lt;b&gt;Ұйым&lt;/b&gt; &amp;") == 90 and "<b>Ұйым" not in text
    order = [int(n) for n in re.findall(r"&amp; (\d{3})", text)]
    assert order == list(range(90))  # national lines first, every entry once, in order
    assert str(t("dir-hours-always")) in entry_text(t, entries[0])
    near = nearest(entries, 42.3, 69.6, 10)
    alone = nearest_text(t, entries[:30], near)  # too long: the farthest go, then national
    assert utf16_len(alone) <= 4096 and "&amp; 000" in alone
    assert nearest_text(t, [], []).count(str(t("dir-near-none"))) == 1


def test_distance_is_written_for_the_reader() -> None:
    from bot.directory.router import km_text

    assert km_text(0.44, "kk") == "0,4" and km_text(4.56, "ru") == "4,6"
    assert km_text(4.56, "en") == "4.6" and km_text(972.4, "kk") == "972"
