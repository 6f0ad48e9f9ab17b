-- One product's transfer price for one pair (NULL: any).
SELECT product_code, from_entity, to_entity, price_cents, updated_at
FROM transfer_prices
WHERE product_code = :code
  AND from_entity IS :from_entity
  AND to_entity IS :to_entity;
