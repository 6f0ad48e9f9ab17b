-- Forget the sessions that ended (expired or revoked) before :before.
DELETE FROM dashboard_sessions
WHERE expires_at < :before OR (revoked_at IS NOT NULL AND revoked_at < :before);
