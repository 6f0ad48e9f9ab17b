-- Mark sales (a JSON list of delivery ids) as billed between entities by an intercompany invoice.
UPDATE deliveries SET ic_invoice_id = :invoice_id
WHERE id IN (SELECT value FROM json_each(:ids)) AND ic_invoice_id IS NULL;
