-- Sales before the replayed window that still count: cap units (every status but rejected)
-- and the 30-day phone dedupe (pending or delivered), from :history_since to :since.
SELECT d.lead_id, d.buyer_id, d.commande_id, d.status, d.sale_kind, d.created_at,
       l.phone_e164, l.product_code
FROM deliveries d
JOIN leads l ON l.id = d.lead_id
WHERE d.created_at >= :history_since AND d.created_at < :since AND d.status <> 'rejected';
