-- The live session of a token hash (not revoked, not expired).
SELECT id, user_id, expires_at, last_seen_at
FROM dashboard_sessions
WHERE token_hash = :token_hash AND revoked_at IS NULL AND expires_at > :now;
