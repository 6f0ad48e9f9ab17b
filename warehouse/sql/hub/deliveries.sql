SELECT id, lead_id, buyer_id, commande_id, price_cents, status, attempts, created_at,
       delivered_at, updated_at, transfer_cents, possible_duplicate
FROM deliveries
