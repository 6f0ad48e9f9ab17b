-- Every buyer a lead went to: the buyer's legal name (else its name), when, and the outcome.
SELECT deliveries.id, deliveries.buyer_id,
       coalesce(nullif(buyers.legal_name, ''), buyers.name) AS buyer_legal_name,
       deliveries.status, deliveries.sale_kind, deliveries.created_at, deliveries.delivered_at,
       EXISTS (SELECT 1 FROM credits WHERE credits.delivery_id = deliveries.id
                                       AND credits.kind = 'return') AS returned
FROM deliveries
JOIN buyers ON buyers.id = deliveries.buyer_id
WHERE deliveries.lead_id = :lead_id
ORDER BY deliveries.created_at, deliveries.id;
