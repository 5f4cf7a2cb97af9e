-- Replicas (issue #16, part 4): whose update each inbox row is, as a keyed hash (never an id),
-- so a replica handling a person's update first handles that person's earlier ones, whoever
-- took them in; and one message at a time per chat across replicas for the outbound queue.
ALTER TABLE inbox ADD COLUMN person VARCHAR(64);
CREATE INDEX inbox_person ON inbox (person, update_id);
CREATE INDEX outbox_chat ON outbox (chat_id, id);
