-- The sales of one lead, with the sharing limit of the commande each came from.
SELECT d.commande_id, d.buyer_id, d.status, d.created_at, d.sale_kind, c.max_buyers
FROM deliveries d
JOIN commandes c ON c.id = d.commande_id
WHERE d.lead_id = :lead_id
ORDER BY d.created_at;
