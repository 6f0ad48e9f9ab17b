-- Why a lead of this account is held (no row: it is not): the account, or an account above
-- it (a brand's entity), is archived. The nearest archived account is named.
WITH RECURSIVE up(id, depth) AS (
    SELECT :account_id, 0
    UNION ALL
    SELECT a.parent_id, up.depth + 1
    FROM accounts a JOIN up ON a.id = up.id
    WHERE a.parent_id IS NOT NULL AND up.depth < 16
)
SELECT 'account ' || a.id || ' is archived' AS reason
FROM up JOIN accounts a ON a.id = up.id
WHERE a.archived_at IS NOT NULL
ORDER BY up.depth
LIMIT 1;
