-- A new provider.
INSERT INTO providers (id, account_id, name, blocked, blocked_reason, created_at, updated_at)
VALUES (:id, :account_id, :name, :blocked, :blocked_reason, :created_at, :created_at);
