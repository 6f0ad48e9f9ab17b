-- The intercompany invoice of an entity pair and week, if issued.
SELECT id FROM invoices
WHERE entity_id = :producer_id AND customer_entity_id = :seller_id AND period = :period
  AND kind = 'invoice';
