-- Durable inbox: each batch of updates is stored before Telegram is asked for the next one,
-- and a row is deleted as soon as its handler has finished (it holds what a person wrote).
-- An update that cannot be parsed is kept aside ('rejected') for a few days, then purged.
CREATE TABLE inbox (
    update_id   BIGINT PRIMARY KEY,
    payload     TEXT NOT NULL,
    state       VARCHAR(16) NOT NULL DEFAULT 'pending',
    received_at BIGINT NOT NULL
);

-- Small named values the bot keeps between runs, such as the next getUpdates offset.
CREATE TABLE bot_state (
    name  VARCHAR(64) PRIMARY KEY,
    value TEXT NOT NULL
);

-- Durable outbound queue: everything not answered inline (the defenders' group, reminders,
-- broadcast). The payload (a Bot API method and its parameters) is emptied once the row is done.
CREATE TABLE outbox (
    id          {{id}},
    chat_id     BIGINT NOT NULL,
    method      VARCHAR(64) NOT NULL,
    payload     TEXT NOT NULL,
    kind        VARCHAR(32) NOT NULL,
    ref         VARCHAR(64),
    not_before  BIGINT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    state       VARCHAR(16) NOT NULL DEFAULT 'queued',
    reason      VARCHAR(32),
    message_id  BIGINT,
    created_at  BIGINT NOT NULL,
    done_at     BIGINT
);
-- (state, id): the worker reads due rows oldest first and stops at its limit; no sort.
CREATE INDEX outbox_due ON outbox (state, id);
CREATE INDEX outbox_kind ON outbox (kind, ref);
