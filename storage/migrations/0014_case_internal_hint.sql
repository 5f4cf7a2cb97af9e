-- The defenders' how-to (issue #23): a defender who writes a plain message in a case's topic
-- while the person has not heard from anyone for a while is told once, per case, that it stayed
-- among colleagues and how to send. This flag says the topic was told, so it is never said twice.
-- A flag, nothing of the person; it goes with the case row.
ALTER TABLE cases ADD COLUMN told_internal INTEGER NOT NULL DEFAULT 0;
