-- A sale draws its price from a prepaid buyer's balance, only when the balance can pay it
-- (changes() = 0: it cannot). Run inside the routing transaction, with the cap reservation.
UPDATE prepaid_balances SET balance_cents = balance_cents - :amount, updated_at = :now
WHERE buyer_id = :buyer_id AND balance_cents >= :amount;
