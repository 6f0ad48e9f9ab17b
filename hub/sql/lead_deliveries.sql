-- Every delivery of one lead, and whether the buyer returned it (a 'return' credit).
SELECT id, status, commande_id, created_at,
       EXISTS (SELECT 1 FROM credits c
               WHERE c.delivery_id = deliveries.id AND c.kind = 'return') AS returned
FROM deliveries
WHERE lead_id = :lead_id;
