-- Sales of a week whose lead another entity produced, not billed between entities yet: the
-- transfer price frozen at the sale, the producing entity (the lead's account, or its entity
-- for a brand) and the selling one (the buyer's account's entity). Test leads and test
-- buyers never.
SELECT d.id, l.product_code, p.label AS product_label, d.transfer_cents,
       CASE WHEN la.kind = 'entity' THEN la.id ELSE la.parent_id END AS producer_id,
       CASE WHEN ba.kind = 'entity' THEN ba.id ELSE ba.parent_id END AS seller_id
FROM deliveries AS d
JOIN leads AS l ON l.id = d.lead_id
JOIN accounts AS la ON la.id = l.account_id
JOIN buyers AS b ON b.id = d.buyer_id
JOIN accounts AS ba ON ba.id = b.account_id
LEFT JOIN products AS p ON p.code = l.product_code
WHERE d.status = 'delivered'
  AND d.transfer_cents IS NOT NULL
  AND d.ic_invoice_id IS NULL
  AND l.is_test = 0 AND b.is_test = 0
  AND coalesce(d.delivered_at, d.created_at) >= :start
  AND coalesce(d.delivered_at, d.created_at) < :end
ORDER BY d.id;
