-- A document's stored files and the account that sees it.
SELECT id, number, account_id, customer_entity_id, pdf, csv FROM invoices WHERE id = :id;
