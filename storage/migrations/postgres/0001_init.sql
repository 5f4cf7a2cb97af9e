-- PostgreSQL twin of storage/migrations/0001_init.sql: the same tables and columns (tests/test_migrations.py),
-- with PostgreSQL types where SQLite's differ (generated ids, 64-bit ids, DOUBLE PRECISION).
-- People who talk to the bot: only what the bot needs to answer them in their language.
CREATE TABLE people (
    user_id    BIGINT PRIMARY KEY,
    locale     VARCHAR(8) NOT NULL,
    created_at BIGINT NOT NULL
);

-- Dialog state (aiogram FSM), JSON data; one row per storage key.
CREATE TABLE fsm_state (
    bot_id     BIGINT NOT NULL,
    chat_id    BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    thread_id  BIGINT NOT NULL DEFAULT 0,
    destiny    VARCHAR(64) NOT NULL DEFAULT 'default',
    state      VARCHAR(128),
    data       TEXT NOT NULL DEFAULT '{}',
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (bot_id, chat_id, user_id, thread_id, destiny)
);
CREATE INDEX fsm_state_user ON fsm_state (user_id);

-- Ids of messages in private chats, both sides, so a quick exit can delete the conversation.
-- Only ids and times, never contents.
CREATE TABLE chat_messages (
    chat_id    BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    sent_at    BIGINT NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);
