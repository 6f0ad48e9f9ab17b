-- Mark transfer reversals (a JSON list of credit ids) as carried by an intercompany document.
UPDATE credits SET ic_invoice_id = :invoice_id
WHERE id IN (SELECT value FROM json_each(:ids)) AND ic_invoice_id IS NULL;
