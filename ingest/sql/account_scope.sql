-- The accounts an API key may see: its own and every sub-account below it (never another tenant).
WITH RECURSIVE scope(id) AS (
    SELECT id FROM accounts WHERE id = ?
    UNION
    SELECT accounts.id FROM accounts JOIN scope ON accounts.parent_id = scope.id
)
SELECT id FROM scope ORDER BY id
