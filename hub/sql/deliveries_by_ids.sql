-- Deliveries by id (:ids, a JSON list) with the account of their buyer (the tenant).
SELECT d.id, d.lead_id, d.buyer_id, d.status, d.last_error, b.account_id
FROM deliveries d
JOIN buyers b ON b.id = d.buyer_id
WHERE d.id IN (SELECT value FROM json_each(:ids));
