-- A new API key of an account: only its prefix and hash are stored.
INSERT INTO api_keys (id, account_id, name, prefix, key_hash, created_at)
VALUES (:id, :account_id, :name, :prefix, :key_hash, :created_at);
