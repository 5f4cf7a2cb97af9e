-- Many organisations, one bot (issue #27): each case belongs to the organisation whose forum
-- group holds its topic (dialogs/organisations.py). NULL: a case opened before organisations,
-- in the single DEFENDERS_CHAT_ID group; the bot sets it at start-up (storage/cases.py,
-- `adopt`). Topic ids are per group, so a topic is found by organisation and topic.
ALTER TABLE cases ADD COLUMN org VARCHAR(32);
CREATE INDEX cases_org_topic ON cases (org, topic_id);
CREATE INDEX cases_org_state ON cases (org, state);
