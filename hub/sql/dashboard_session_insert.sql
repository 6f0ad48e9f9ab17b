-- A new dashboard session: only the SHA-256 of its token is stored.
INSERT INTO dashboard_sessions (id, user_id, token_hash, created_at, expires_at, last_seen_at)
VALUES (:id, :user_id, :token_hash, :now, :expires_at, :now);
