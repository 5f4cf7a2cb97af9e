-- Safe contact (issue #23): how and when a person may be reached by what they did not just ask
-- for (a defender's reply, a notice about their case, news).
-- paused_at: set by a quick exit or "not now"; while set, nothing queued for this chat is sent
-- (storage/outbox.py skips it), until the person says it is safe (then it goes, in order) or
-- drops it. held_told: the case's topic was told that replies are held, once per pause.
-- sound: the person chose to hear messages; by default everything unasked is silent.
-- safe_from/safe_to: minutes after midnight, Kazakhstan time: a defender's message waits for
-- this window. /forget deletes the row with the person's other rows.
CREATE TABLE contact (
    chat_id BIGINT PRIMARY KEY,
    paused_at BIGINT,
    paused_by VARCHAR(16),
    held_told INTEGER NOT NULL DEFAULT 0,
    sound INTEGER NOT NULL DEFAULT 0,
    safe_from INTEGER,
    safe_to INTEGER
);
