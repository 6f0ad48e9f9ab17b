-- API v1: the providers of an account and its sub-accounts, by name.
WITH RECURSIVE scope(id) AS (
    SELECT id FROM accounts WHERE id = :account_id
    UNION
    SELECT accounts.id FROM accounts JOIN scope ON accounts.parent_id = scope.id
)
SELECT id, account_id, name, blocked, blocked_reason, created_at, updated_at
FROM providers
WHERE account_id IN (SELECT id FROM scope)
ORDER BY name, id
