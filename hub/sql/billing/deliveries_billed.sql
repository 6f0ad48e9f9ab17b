-- Mark sales (a JSON list of delivery ids) as billed by an invoice.
UPDATE deliveries SET invoice_id = :invoice_id
WHERE id IN (SELECT value FROM json_each(:ids)) AND invoice_id IS NULL;
