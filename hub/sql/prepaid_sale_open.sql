-- What the sale of a delivery drew from a prepaid balance, when it was not given back yet.
SELECT m.buyer_id, -m.amount_cents AS amount_cents
FROM prepaid_movements m
WHERE m.delivery_id = :delivery_id AND m.kind = 'sale'
  AND NOT EXISTS (SELECT 1 FROM prepaid_movements g
                  WHERE g.delivery_id = m.delivery_id AND g.kind IN ('refund', 'credit'));
