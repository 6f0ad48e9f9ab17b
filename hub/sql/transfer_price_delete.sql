-- Delete a product's transfer price for one pair (sales then freeze a less specific one).
DELETE FROM transfer_prices
WHERE product_code = :code AND from_entity IS :from_entity AND to_entity IS :to_entity;
