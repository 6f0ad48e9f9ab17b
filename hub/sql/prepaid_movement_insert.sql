-- One ledger row, with the balance after the movement (already applied in this transaction).
INSERT INTO prepaid_movements (buyer_id, kind, amount_cents, balance_after_cents, delivery_id,
                               credit_id, note, actor, created_at)
SELECT :buyer_id, :kind, :amount, balance_cents, :delivery_id, :credit_id, :note, :actor, :now
FROM prepaid_balances WHERE buyer_id = :buyer_id;
