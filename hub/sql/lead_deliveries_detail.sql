-- The deliveries of one lead (the sales), with the buyer's and commande's names and whether the
-- buyer returned it.
SELECT deliveries.id, deliveries.buyer_id, buyers.name AS buyer_name, deliveries.commande_id,
       commandes.name AS commande_name, deliveries.price_cents, deliveries.sale_kind,
       deliveries.status, deliveries.attempts, deliveries.last_error,
       deliveries.possible_duplicate, deliveries.created_at, deliveries.delivered_at,
       deliveries.updated_at,
       EXISTS (SELECT 1 FROM credits WHERE credits.delivery_id = deliveries.id
                                       AND credits.kind = 'return') AS returned
FROM deliveries
JOIN buyers ON buyers.id = deliveries.buyer_id
LEFT JOIN commandes ON commandes.id = deliveries.commande_id
WHERE deliveries.lead_id = :lead_id
ORDER BY deliveries.created_at, deliveries.id;
