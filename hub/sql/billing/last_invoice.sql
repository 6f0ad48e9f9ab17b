-- A buyer's latest invoice (what a credit note with no billed sale refers to).
SELECT id FROM invoices WHERE buyer_id = :buyer_id AND kind = 'invoice'
ORDER BY issued_at DESC, number DESC LIMIT 1;
