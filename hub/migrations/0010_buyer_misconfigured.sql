-- A buyer whose delivery settings cannot work (a secret that is not a Standard Webhooks secret,
-- a secret the server key cannot decrypt, a broken mapping): flagged at the first attempt
-- instead of being retried for 24 hours. Routing skips its commandes and its pending deliveries
-- wait; fixing the settings (leadhub delivery set) clears the flag and wakes them.
ALTER TABLE buyers ADD COLUMN misconfigured TEXT;      -- the reason; NULL = fine
ALTER TABLE buyers ADD COLUMN misconfigured_at TEXT;
