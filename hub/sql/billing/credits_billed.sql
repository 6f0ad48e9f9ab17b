-- Mark credits (a JSON list of ids) as carried by a document.
UPDATE credits SET invoice_id = :invoice_id
WHERE id IN (SELECT value FROM json_each(:ids)) AND invoice_id IS NULL;
