-- Every API key (never its hash), oldest first.
SELECT id, account_id, name, prefix, role, provider_id, created_at, last_used_at, revoked_at
FROM api_keys ORDER BY created_at, id;
