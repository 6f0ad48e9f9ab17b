-- Money added to a prepaid buyer's balance (a top-up, a refund, a credit); the row is created
-- by the first top-up.
INSERT INTO prepaid_balances (buyer_id, balance_cents, updated_at)
VALUES (:buyer_id, :amount, :now)
ON CONFLICT (buyer_id)
DO UPDATE SET balance_cents = prepaid_balances.balance_cents + :amount, updated_at = :now;
