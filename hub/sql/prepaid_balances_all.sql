-- Every prepaid buyer (or buyer still holding a balance) with its balance and last movement.
SELECT b.id AS buyer_id, b.account_id, b.name, b.billing_cycle, b.active,
       COALESCE(p.balance_cents, 0) AS balance_cents, p.updated_at
FROM buyers b
LEFT JOIN prepaid_balances p ON p.buyer_id = b.id
WHERE b.billing_cycle = 'prepaid' OR p.buyer_id IS NOT NULL
ORDER BY b.name, b.id;
