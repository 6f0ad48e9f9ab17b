-- The erasure requests of one erasure, with their buyer.
SELECT n.id, n.delivery_id, n.lead_id, n.buyer_id, b.name AS buyer_name, n.status, n.attempts,
       n.last_error, n.created_at, n.sent_at
FROM erasure_notices n JOIN buyers b ON b.id = n.buyer_id
WHERE n.erasure_id = :erasure_id ORDER BY n.id;
