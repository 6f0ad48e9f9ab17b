-- One API key (never its hash).
SELECT id, account_id, name, prefix, role, provider_id, created_at, last_used_at, revoked_at
FROM api_keys WHERE id = :id;
