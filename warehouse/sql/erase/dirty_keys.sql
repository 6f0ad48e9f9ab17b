-- The person's visitor and tracker session ids waiting in sessions_core's marks (decision
-- 0063): gone with their sessions (a date left without keys is then rebuilt whole).
DELETE FROM model_dirty_keys
WHERE list_contains($visitor_ids, key) OR list_contains($session_ids, key)
