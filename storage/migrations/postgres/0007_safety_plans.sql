-- PostgreSQL twin of storage/migrations/0007_safety_plans.sql: the same tables and columns (tests/test_migrations.py),
-- with PostgreSQL types where SQLite's differ (generated ids, 64-bit ids, DOUBLE PRECISION).
-- The safety plan (issue #15): one per person, built at their own pace, shown on demand.
-- `plan` is the plan as JSON (dialogs.safety_plan.SafetyPlan.to_data), sealed with the data
-- key: names and phones of people to call, a code word, where to go, the boxes ticked.
-- Kept until the person deletes the plan or erases everything (/forget); a plan emptied
-- section by section is deleted, not kept empty.
CREATE TABLE safety_plans (
    user_id BIGINT PRIMARY KEY,
    plan TEXT NOT NULL,           -- sealed
    updated_at BIGINT NOT NULL
);
