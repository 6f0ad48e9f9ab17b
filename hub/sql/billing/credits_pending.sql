-- A buyer's credits not yet on any document, made before :now: for a return, the product,
-- when its sale was delivered and the invoice that billed it (NULL: not billed yet).
SELECT c.id, c.kind, c.amount_cents, c.reason, c.created_at, c.delivery_id,
       l.product_code, p.label AS product_label,
       coalesce(d.delivered_at, d.created_at) AS sold_at, d.invoice_id AS sale_invoice_id
FROM credits AS c
LEFT JOIN deliveries AS d ON d.id = c.delivery_id
LEFT JOIN leads AS l ON l.id = c.lead_id
LEFT JOIN products AS p ON p.code = l.product_code
WHERE c.buyer_id = :buyer_id
  AND c.invoice_id IS NULL
  AND c.created_at < :now
  AND coalesce(l.is_test, 0) = 0
ORDER BY c.created_at, c.id;
