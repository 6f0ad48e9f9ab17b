-- The deliveries of one lead: delivered or tried (the buyer may hold it) get an erasure request;
-- pending ones are cancelled (their cap unit and prepaid draw given back).
SELECT d.id, d.lead_id, d.buyer_id, d.commande_id, d.status, d.attempts, d.created_at
FROM deliveries d
WHERE d.lead_id = :lead_id ORDER BY d.id;
