-- Transfers reversed by a return, made before :now and on no intercompany document yet: when
-- the sale was delivered and the intercompany invoice that billed it (NULL: not billed yet).
-- Test leads and test buyers never.
SELECT c.id, c.transfer_cents, l.product_code, p.label AS product_label,
       coalesce(d.delivered_at, d.created_at) AS sold_at, d.ic_invoice_id AS sale_invoice_id,
       CASE WHEN la.kind = 'entity' THEN la.id ELSE la.parent_id END AS producer_id,
       CASE WHEN ba.kind = 'entity' THEN ba.id ELSE ba.parent_id END AS seller_id
FROM credits AS c
JOIN deliveries AS d ON d.id = c.delivery_id
JOIN leads AS l ON l.id = d.lead_id
JOIN accounts AS la ON la.id = l.account_id
JOIN buyers AS b ON b.id = d.buyer_id
JOIN accounts AS ba ON ba.id = b.account_id
LEFT JOIN products AS p ON p.code = l.product_code
WHERE c.transfer_cents IS NOT NULL
  AND c.ic_invoice_id IS NULL
  AND c.created_at < :now
  AND l.is_test = 0 AND b.is_test = 0
ORDER BY c.created_at, c.id;
