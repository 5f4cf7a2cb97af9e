-- PostgreSQL twin of storage/migrations/0005_case_blocks.sql: the same tables and columns (tests/test_migrations.py),
-- with PostgreSQL types where SQLite's differ (generated ids, 64-bit ids, DOUBLE PRECISION).
-- Blocking an abusive person from a case (issue #14): a defender blocks the person of a case,
-- only an NGO admin (ADMIN_IDS) lifts it. While any case of a person is blocked, nothing they
-- write is copied to the defenders, no defender's reply reaches them, and they cannot open a
-- new case. No new table and no new copy of anyone's id: the person is known only by
-- cases.user_id, so the block is kept on the case row.
--
-- Trade-offs, on purpose:
-- * /forget erases cases.user_id, so a blocked person who erases their data loses the block
--   (and can open a new case). The right to erase comes first; defenders can block again.
-- * The retention purge deletes closed cases after CASE_RETENTION_DAYS, and the block with
--   them: a block lasts as long as the case is kept.
ALTER TABLE cases ADD COLUMN blocked_at BIGINT;      -- when; NULL: not blocked
ALTER TABLE cases ADD COLUMN blocked_by BIGINT;      -- the defender's Telegram id
ALTER TABLE cases ADD COLUMN block_told INTEGER NOT NULL DEFAULT 0;  -- the person was told once
