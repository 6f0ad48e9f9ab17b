-- The live (not revoked) API key with this hash, and its account.
SELECT id, account_id FROM api_keys WHERE key_hash = :key_hash AND revoked_at IS NULL;
