-- Why the lead's source is blocked (NULL row: it is not): a source blocked by the lead's
-- account or any account above it, or the lead's provider blocked.
WITH RECURSIVE up(id) AS (
    SELECT :account_id
    UNION
    SELECT a.parent_id FROM accounts a JOIN up ON a.id = up.id WHERE a.parent_id IS NOT NULL
)
SELECT 'source ' || source || ' blocked: ' || reason AS reason FROM source_blocks
WHERE source = :source AND account_id IN (SELECT id FROM up)
UNION ALL
SELECT 'provider ' || name || ' blocked: ' || COALESCE(blocked_reason, 'no reason given')
FROM providers WHERE id = :provider_id AND blocked = 1
LIMIT 1;
