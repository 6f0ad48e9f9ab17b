-- A buyer's billing cycle and prepaid balance (0 before its first top-up).
SELECT b.id AS buyer_id, b.account_id, b.name, b.billing_cycle, b.active,
       COALESCE(p.balance_cents, 0) AS balance_cents, p.updated_at
FROM buyers b
LEFT JOIN prepaid_balances p ON p.buyer_id = b.id
WHERE b.id = :buyer_id;
