-- The deliveries of one lead: delivered or tried (the buyer may hold it) get an erasure request;
-- pending ones never tried are cancelled.
SELECT d.id, d.lead_id, d.buyer_id, d.status, d.attempts, b.account_id AS buyer_account_id
FROM deliveries d JOIN buyers b ON b.id = d.buyer_id
WHERE d.lead_id = :lead_id ORDER BY d.id;
