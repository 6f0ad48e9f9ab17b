-- A sale across entities: freeze the intercompany transfer price of the product on the delivery.
UPDATE deliveries
SET transfer_cents = (SELECT price_cents FROM transfer_prices WHERE product_code = :product_code)
WHERE id = :delivery_id;
