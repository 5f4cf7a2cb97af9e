-- The topics a case had in the groups it left (issue #27, handing a case to another
-- organisation): closed there, but still holding what the person sent. The person's /forget and
-- the retention purge delete them too (bot/handoff/desk.py, erase_topic). Ids only.
CREATE TABLE case_former_topics (
    case_id  {{ref}} NOT NULL,
    chat_id  BIGINT NOT NULL,
    topic_id BIGINT NOT NULL,
    PRIMARY KEY (case_id, chat_id, topic_id)
);
