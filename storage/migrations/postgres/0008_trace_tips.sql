-- Trace safety (issue #15): what Telegram keeps on the phone and how to hide it.
-- `people.trace_tips`: 1 once the "keep this chat hidden" screen was shown on first contact,
-- so it is shown once only. A flag, not a time. Gone with the people row (/forget).
ALTER TABLE people ADD COLUMN trace_tips SMALLINT NOT NULL DEFAULT 0;

-- Chats that still hold messages older than Telegram's 48-hour window for a bot's deletes:
-- the chat log forgets such ids after 48 hours, so quick exit would not know they are there.
-- Only the chat id (a private chat's id is the person's id). Marked when the retention purge
-- or a quick exit drops an id older than the window; kept (the old messages stay on the phone
-- unless the person deletes the chat) until /forget.
CREATE TABLE chat_undeletable (
    chat_id BIGINT PRIMARY KEY
);
-- Everyone who wrote before this table existed may have such messages: better to say once too
-- often how to delete the chat than to stay silent about messages still on the phone.
INSERT INTO chat_undeletable (chat_id) SELECT user_id FROM people;
