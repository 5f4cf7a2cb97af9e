-- People's ids at rest are keyed hashes (storage/ids.py): the columns that held an id keep
-- its keyed hash (converted from Python at the first start after this migration); where the
-- bot must send to the person later, the chat id is also kept sealed, here.
ALTER TABLE cases ADD COLUMN person TEXT;          -- the person's chat id, sealed; NULL: erased
ALTER TABLE subscriptions ADD COLUMN chat TEXT;    -- the subscriber's chat id, sealed
ALTER TABLE outbox ADD COLUMN chat TEXT;           -- a private chat's id, sealed; NULL: a group
