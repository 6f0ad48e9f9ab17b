-- The delivered sales of a lead (to one buyer, or to any when :buyer_id is NULL) a return could
-- apply to: price and transfer frozen at assignment, the buyer's account and return window, and
-- whether it was already returned.
SELECT d.id, d.buyer_id, d.price_cents, d.transfer_cents, d.delivered_at,
       b.account_id, b.return_window_days,
       EXISTS (SELECT 1 FROM credits c WHERE c.delivery_id = d.id AND c.kind = 'return')
           AS returned
FROM deliveries d
JOIN buyers b ON b.id = d.buyer_id
WHERE d.lead_id = :lead_id AND d.status = 'delivered'
  AND (:buyer_id IS NULL OR d.buyer_id = :buyer_id)
ORDER BY d.delivered_at;
