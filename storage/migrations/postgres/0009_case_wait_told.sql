-- The defenders' working hours and the expected wait (issue #15): a person whose request
-- nobody has taken is told so once, with when to expect an answer and the lines that answer at
-- any hour. This flag says they were told, so they are never told twice for one case. A flag,
-- not a copy of anything the person wrote or of their id; it goes with the case row (/forget
-- erases the row's person, the retention purge the row).
ALTER TABLE cases ADD COLUMN wait_told INTEGER NOT NULL DEFAULT 0;
