-- The leads an archive holds in this account and the accounts below it: held by intake
-- ('account_archived: …') or by the router ('account_archived'), never for another reason.
WITH RECURSIVE down(id) AS (
    SELECT :account_id
    UNION
    SELECT a.id FROM accounts a JOIN down ON a.parent_id = down.id
)
SELECT id FROM leads
WHERE status = 'held'
  AND (status_reason = 'account_archived' OR status_reason LIKE 'account_archived:%')
  AND account_id IN (SELECT id FROM down)
ORDER BY created_at, id;
