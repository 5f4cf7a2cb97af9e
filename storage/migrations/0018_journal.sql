-- The evidence journal (issue #26): a person's records of what happened, one row an entry.
-- user_id: the person's keyed id (storage.ids), as in safety_plans. number: the entry's number
-- as the person sees it (1, 2, ...). entry: the entry and its fingerprint (SHA-256, the
-- receipt's) as JSON, sealed with the data key: the fingerprint is sealed too, as an entry of a
-- few choices could be found from it by trying them all. stored_at: the server's time of
-- storing (or of the last edit), shown on the receipt. /forget deletes the person's rows.
CREATE TABLE journal_entries (
    id {{id}},
    user_id BIGINT NOT NULL,
    number INTEGER NOT NULL,
    entry TEXT NOT NULL,
    stored_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX journal_entries_person ON journal_entries (user_id, number);
