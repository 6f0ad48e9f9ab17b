-- A new API key of an account, with its role: only its prefix and hash are stored.
INSERT INTO api_keys (id, account_id, name, prefix, key_hash, created_at, role)
VALUES (:id, :account_id, :name, :prefix, :key_hash, :created_at, :role);
