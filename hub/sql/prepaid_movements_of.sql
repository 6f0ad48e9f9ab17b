-- A buyer's balance history, newest first.
SELECT id, buyer_id, kind, amount_cents, balance_after_cents, delivery_id, credit_id, note,
       actor, created_at
FROM prepaid_movements
WHERE buyer_id = :buyer_id
ORDER BY id DESC;
