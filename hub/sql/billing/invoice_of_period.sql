-- The invoice of a buyer and period, if issued.
SELECT id, number FROM invoices WHERE buyer_id = :buyer_id AND period = :period AND kind = 'invoice';
