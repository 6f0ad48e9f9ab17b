-- A provider's API key: only its hash is stored; provider_id makes it a provider key.
INSERT INTO api_keys (id, account_id, name, prefix, key_hash, created_at, provider_id)
VALUES (:id, :account_id, :name, :prefix, :key_hash, :created_at, :provider_id);
