-- Tables found only by their primary key keep their rows in that key's own b-tree on SQLite
-- (WITHOUT ROWID), rather than in a table with a second copy of the key in an index: about
-- half the space of people, chat_messages and chat_undeletable (issue #25: storage per person).
-- PostgreSQL has no such choice ({{without_rowid}} is empty there); the tables are rebuilt
-- the same, with the same columns, keys and indexes. fsm_state stays as it is: its rows (a
-- sealed value each) are too wide for the key's b-tree to be smaller (measured: 1.6 % less,
-- while its index on user_id grows by the key it must then hold).
CREATE TABLE people_compact (
    user_id    BIGINT PRIMARY KEY,
    locale     VARCHAR(8) NOT NULL,
    created_at BIGINT NOT NULL,
    trace_tips SMALLINT NOT NULL DEFAULT 0
) {{without_rowid}};
INSERT INTO people_compact (user_id, locale, created_at, trace_tips)
    SELECT user_id, locale, created_at, trace_tips FROM people;
DROP TABLE people;
ALTER TABLE people_compact RENAME TO people;

CREATE TABLE chat_messages_compact (
    chat_id    BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    sent_at    BIGINT NOT NULL,
    PRIMARY KEY (chat_id, message_id)
) {{without_rowid}};
INSERT INTO chat_messages_compact (chat_id, message_id, sent_at)
    SELECT chat_id, message_id, sent_at FROM chat_messages;
DROP TABLE chat_messages;
ALTER TABLE chat_messages_compact RENAME TO chat_messages;

CREATE TABLE chat_undeletable_compact (
    chat_id BIGINT PRIMARY KEY
) {{without_rowid}};
INSERT INTO chat_undeletable_compact (chat_id) SELECT chat_id FROM chat_undeletable;
DROP TABLE chat_undeletable;
ALTER TABLE chat_undeletable_compact RENAME TO chat_undeletable;
