-- Cases: a person's consented request for a defender. The person's Telegram id is kept only
-- while it is needed for the relay (it is removed by /forget); defenders never see it.
CREATE TABLE cases (
    id           {{id}},
    origin       BIGINT NOT NULL UNIQUE,
    user_id      BIGINT,
    summary      TEXT NOT NULL,
    urgent       INTEGER NOT NULL,
    state        VARCHAR(16) NOT NULL DEFAULT 'new',
    closed_by    VARCHAR(16),
    defender_id  BIGINT,
    topic_id     BIGINT,
    told_relay   INTEGER NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    announced_at BIGINT NOT NULL
);
CREATE INDEX cases_user ON cases (user_id, state);
CREATE INDEX cases_topic ON cases (topic_id);

-- Which message in the person's chat is which message in the case's topic, both ways, so
-- replies thread and edits find their pair. Ids only, never contents.
CREATE TABLE relay_map (
    case_id           {{ref}} NOT NULL,
    person_message_id BIGINT NOT NULL,
    topic_message_id  BIGINT NOT NULL,
    direction         VARCHAR(4) NOT NULL,
    created_at        BIGINT NOT NULL,
    PRIMARY KEY (case_id, person_message_id, topic_message_id)
);
CREATE INDEX relay_map_topic ON relay_map (case_id, topic_message_id);

-- Who did what with a case (no contents): opened, taken, released, closed, reopened, erased.
CREATE TABLE case_events (
    id          {{id}},
    case_id     {{ref}} NOT NULL,
    actor       VARCHAR(16) NOT NULL,
    defender_id BIGINT,
    event       VARCHAR(32) NOT NULL,
    at          BIGINT NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id);

-- Defenders: the name a defender signs replies with (their choice), and a membership cache.
CREATE TABLE defenders (
    user_id      BIGINT PRIMARY KEY,
    display_name VARCHAR(64),
    updated_at   BIGINT NOT NULL
);

-- What a queued row is for, for its sender's hooks (e.g. which of the person's messages a
-- relayed copy stands for). Ids and roles only.
ALTER TABLE outbox ADD COLUMN meta TEXT;
