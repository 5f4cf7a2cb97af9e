-- A PIN on the journal (issue #26): asked before the journal, the safety plan or /mydata is
-- shown. user_id: the person's keyed id. secret: the PIN's salted scrypt hash and its salt, as
-- JSON sealed with the data key (so a copy of the database alone cannot try PINs). tries: wrong
-- PINs in a row; locked_until: after 5, no PIN is tried until then (seconds since the epoch).
-- Erasing the journal or /forget deletes the row.
CREATE TABLE journal_locks (
    user_id BIGINT PRIMARY KEY,
    secret TEXT NOT NULL,
    tries INTEGER NOT NULL DEFAULT 0,
    locked_until BIGINT NOT NULL DEFAULT 0
);
