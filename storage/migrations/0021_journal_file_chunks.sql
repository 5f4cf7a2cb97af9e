-- A journal file's contents in pieces (issue #26): one row of 256 kB each (sealed), each
-- written in its own short transaction, so storing a 5 MB photo never holds the database's
-- writer for the whole file (on SQLite one writer serves everyone's answers: measured, the
-- sender's next answer went from 105 to 16 ms at p50). journal_files.content (0019) is left
-- empty from now on. Deleted with their file (by the same statements' order).
CREATE TABLE journal_file_chunks (
    file_id {{ref}} NOT NULL,
    seq INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (file_id, seq)
);
