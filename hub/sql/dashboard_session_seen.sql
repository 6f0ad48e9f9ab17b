-- Mark a session as seen (the caller throttles how often).
UPDATE dashboard_sessions SET last_seen_at = :now WHERE id = :id;
