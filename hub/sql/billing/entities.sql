-- Every entity with its invoice prefix (NULL: derived from the id) and whether it has issued.
SELECT a.id, a.kind, a.invoice_prefix,
       EXISTS (SELECT 1 FROM invoices AS i WHERE i.entity_id = a.id) AS has_issued
FROM accounts AS a
WHERE a.kind = 'entity';
