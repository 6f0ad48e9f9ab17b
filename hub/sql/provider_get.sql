-- One provider (lead supplier).
SELECT id, account_id, name, blocked, blocked_reason, created_at, updated_at, archived_at
FROM providers
WHERE id = :id;
