-- A buyer's sales of a period not billed yet: delivered, at the price frozen at assignment,
-- in the period by the time of delivery; test leads and test buyers are never billed.
SELECT d.id, l.product_code, p.label AS product_label, d.price_cents
FROM deliveries AS d
JOIN leads AS l ON l.id = d.lead_id
JOIN buyers AS b ON b.id = d.buyer_id AND b.is_test = 0
LEFT JOIN products AS p ON p.code = l.product_code
WHERE d.buyer_id = :buyer_id
  AND d.status = 'delivered'
  AND d.invoice_id IS NULL
  AND l.is_test = 0
  AND coalesce(d.delivered_at, d.created_at) >= :start
  AND coalesce(d.delivered_at, d.created_at) < :end
ORDER BY d.id;
