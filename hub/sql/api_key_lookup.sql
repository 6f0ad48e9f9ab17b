-- The live (not revoked) API key with this hash: its account, role and last use.
SELECT id, account_id, role, last_used_at FROM api_keys
WHERE key_hash = :key_hash AND revoked_at IS NULL;
