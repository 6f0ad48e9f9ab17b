-- The buyers a close bills (their cycle among :cycles, a JSON list), each with its issuing
-- entity: the buyer's account, or the first ancestor of kind 'entity'. A test buyer is never
-- billed (decision 0050).
WITH RECURSIVE up(buyer_id, account_id, kind, parent_id, depth) AS (
    SELECT b.id, a.id, a.kind, a.parent_id, 0
    FROM buyers AS b JOIN accounts AS a ON a.id = b.account_id
    WHERE b.billing_cycle IN (SELECT value FROM json_each(:cycles)) AND b.is_test = 0
      AND (:buyer_id IS NULL OR b.id = :buyer_id)
    UNION ALL
    SELECT up.buyer_id, a.id, a.kind, a.parent_id, up.depth + 1
    FROM up JOIN accounts AS a ON a.id = up.parent_id
    WHERE up.kind <> 'entity' AND up.depth < 10
)
SELECT b.id AS buyer_id, b.account_id, b.billing_cycle, b.payment_days,
       (SELECT account_id FROM up WHERE up.buyer_id = b.id AND up.kind = 'entity'
        ORDER BY depth LIMIT 1) AS entity_id
FROM buyers AS b
WHERE b.billing_cycle IN (SELECT value FROM json_each(:cycles)) AND b.is_test = 0
  AND (:buyer_id IS NULL OR b.id = :buyer_id)
ORDER BY b.id;
