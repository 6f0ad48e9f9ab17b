-- API v1: the deliveries of one lead, with the buyer's name.
SELECT deliveries.id, deliveries.buyer_id, buyers.name AS buyer_name, deliveries.commande_id,
       deliveries.price_cents, deliveries.status, deliveries.attempts, deliveries.last_error,
       deliveries.created_at, deliveries.delivered_at, deliveries.updated_at
FROM deliveries
JOIN buyers ON buyers.id = deliveries.buyer_id
WHERE deliveries.lead_id = ?
ORDER BY deliveries.created_at, deliveries.id
