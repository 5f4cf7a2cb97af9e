-- Subscriptions to the NGO's legal news: the chat and its language, nothing else. Someone who
-- blocks the bot is marked inactive (and no longer counted); unblocking does not resubscribe.
CREATE TABLE subscriptions (
    chat_id    BIGINT PRIMARY KEY,
    locale     VARCHAR(8) NOT NULL,
    silent     INTEGER NOT NULL DEFAULT 1,
    active     INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX subscriptions_active ON subscriptions (active, locale);

-- Broadcasts composed by NGO admins: one version per language (a Bot API method as JSON);
-- each recipient is one outbox row (kind 'broadcast', ref the broadcast id).
CREATE TABLE broadcasts (
    id               {{id}},
    admin_id         BIGINT NOT NULL,
    audience         VARCHAR(8) NOT NULL,
    versions         TEXT NOT NULL,
    state            VARCHAR(16) NOT NULL DEFAULT 'draft',
    not_before       BIGINT,
    total            INTEGER NOT NULL DEFAULT 0,
    progress_chat    BIGINT,
    progress_message BIGINT,
    created_at       BIGINT NOT NULL,
    started_at       BIGINT,
    finished_at      BIGINT
);
CREATE INDEX broadcasts_state ON broadcasts (state, not_before);
