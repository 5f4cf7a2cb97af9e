-- Attachments of journal entries (issue #26): photos, voice notes, videos, documents a person
-- sent for an entry. Recorded at once with Telegram's file id (sealed, in `ref` with its kind's
-- details), then downloaded in the background and kept sealed in `content`, so the record
-- survives the person deleting the chat; `digest` is the SHA-256 of the contents (sealed: it
-- would tell whether a given file is kept), the receipt shown to the person.
-- user_id: the person's keyed id. entry: the entry's number once saved; while its entry is a
-- draft, `draft` holds the draft's token instead. state: 'pending' (not yet downloaded),
-- 'stored', 'failed' (Telegram would not give it: too big, gone). /forget deletes the rows.
CREATE TABLE journal_files (
    id {{id}},
    user_id BIGINT NOT NULL,
    entry INTEGER,
    draft VARCHAR(32),
    kind VARCHAR(16) NOT NULL,
    ref TEXT NOT NULL,
    size BIGINT NOT NULL,
    state VARCHAR(8) NOT NULL,
    digest TEXT,
    content TEXT,
    received_at BIGINT NOT NULL,
    stored_at BIGINT,
    lease_until BIGINT,       -- ms since the epoch: a replica downloading it (Database.claim)
    leased_by VARCHAR(64)
);
CREATE INDEX journal_files_person ON journal_files (user_id, entry);
CREATE INDEX journal_files_pending ON journal_files (state, id);
