-- A new one-time password link (only the token's hash is kept).
INSERT INTO password_links (id, user_id, token_hash, created_by, created_at, expires_at)
VALUES (:id, :user_id, :token_hash, :created_by, :now, :expires_at);
