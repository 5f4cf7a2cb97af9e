-- Webhook mode: the ids of updates already taken in, so an update Telegram sends again (its
-- 200 was lost in a crash) is not stored and handled twice after its inbox row is gone.
-- Only the id and the time: nothing about a person. Purged after two days (Telegram keeps
-- an undelivered update for 24 hours).
CREATE TABLE webhook_seen (
    update_id   BIGINT PRIMARY KEY,
    received_at BIGINT NOT NULL
);
CREATE INDEX webhook_seen_received ON webhook_seen (received_at);
