-- The directory of help (issue #15): organisations and national lines by region, as NGO staff
-- keep them in a CSV file (docs/DIRECTORY.md). Nothing about any person: a location a person
-- shares is used once to sort this list and never stored. An import replaces every row in one
-- transaction; an empty table is filled from texts/directory/national.csv at first use.
CREATE TABLE directory (
    position   INTEGER PRIMARY KEY,            -- the row's place in the file, from 1
    id         VARCHAR(64) NOT NULL UNIQUE,    -- the file's own id of the entry
    region     VARCHAR(32) NOT NULL,           -- 'all', or a region id of dialogs.handoff.PLACES
    name_kk    TEXT NOT NULL DEFAULT '',
    name_ru    TEXT NOT NULL DEFAULT '',
    name_en    TEXT NOT NULL DEFAULT '',
    kinds      TEXT NOT NULL DEFAULT '',       -- kinds of service, 'legal;psychological'
    phone      VARCHAR(32) NOT NULL,
    hours      TEXT NOT NULL DEFAULT '',
    languages  TEXT NOT NULL DEFAULT '',       -- 'kk;ru'
    lat        {{real}},                           -- degrees; both or neither
    lon        {{real}},
    note_kk    TEXT NOT NULL DEFAULT '',
    note_ru    TEXT NOT NULL DEFAULT '',
    note_en    TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL
);
CREATE INDEX directory_region ON directory (region, position);
