-- Internal notes on a case (issue #27): what colleagues need to know, such as who called whom
-- and the next step. Sealed: a note may name people. They go with the case (retention) and
-- with the person's erasure (/forget); the summary in the topic shows the latest, so the
-- summary's message id is kept to edit it in place.
CREATE TABLE case_notes (
    id          {{id}},
    case_id     {{ref}} NOT NULL,
    defender_id BIGINT NOT NULL,
    body        TEXT NOT NULL,
    at          BIGINT NOT NULL
);
CREATE INDEX case_notes_case ON case_notes (case_id, id);
ALTER TABLE cases ADD COLUMN summary_message BIGINT;
