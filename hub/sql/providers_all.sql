-- Every provider (the service keeps those the actor sees and filters them), by name.
SELECT id, account_id, name, blocked, blocked_reason, created_at, updated_at, archived_at
FROM providers
ORDER BY name, id;
