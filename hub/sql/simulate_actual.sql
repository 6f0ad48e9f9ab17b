-- What really happened to the replayed leads: their sales that were not rejected.
SELECT d.lead_id, d.commande_id, d.price_cents
FROM deliveries d
JOIN leads l ON l.id = d.lead_id
WHERE l.created_at >= :since AND l.created_at < :until AND d.status <> 'rejected'
ORDER BY d.created_at;
