-- A password link by its token's hash, with its user (whatever its state: the caller says why
-- it cannot be used).
SELECT p.id, p.user_id, p.expires_at, p.used_at, p.revoked_at, u.email, u.disabled_at
FROM password_links p JOIN users u ON u.id = p.user_id
WHERE p.token_hash = :token_hash;
