-- Leases (issue #16, part 4): with several replicas on one PostgreSQL database, a row of the
-- outbound queue or of the inbox is claimed by one replica for a while (FOR UPDATE SKIP LOCKED,
-- storage/postgres.py) and handled once; if that replica dies mid-send its lease expires and
-- another takes the row. A single process on SQLite claims the same way, without contention.
-- Numbered 0011: 0008-0010 were being written on other branches at the same time.
ALTER TABLE outbox ADD COLUMN lease_until BIGINT;       -- ms since the epoch; NULL: unclaimed
ALTER TABLE outbox ADD COLUMN leased_by VARCHAR(64);    -- which replica (a random name)
ALTER TABLE inbox ADD COLUMN lease_until BIGINT;
ALTER TABLE inbox ADD COLUMN leased_by VARCHAR(64);
