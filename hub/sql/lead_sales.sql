-- The sales of one lead, with the sharing limit of the commande each came from; a delivered
-- sale the buyer returned (a 'return' credit) reads as status 'returned': it no longer counts.
SELECT d.commande_id, d.buyer_id, d.created_at, d.sale_kind, c.max_buyers,
       CASE WHEN EXISTS (SELECT 1 FROM credits r WHERE r.delivery_id = d.id AND r.kind = 'return')
            THEN 'returned' ELSE d.status END AS status
FROM deliveries d
JOIN commandes c ON c.id = d.commande_id
WHERE d.lead_id = :lead_id
ORDER BY d.created_at;
