-- The delivery queue (decision 0036). retry_since: when a requeued dead letter's retry window
-- restarted (NULL: it runs from created_at); the give-up horizon
-- (LEADHUB_DELIVERY_GIVE_UP_SECONDS) counts from coalesce(retry_since, created_at).
ALTER TABLE deliveries ADD COLUMN retry_since TEXT;
-- Per-buyer success rate and p95 latency read the last 24 h of attempts.
CREATE INDEX delivery_attempts_started ON delivery_attempts(started_at);
