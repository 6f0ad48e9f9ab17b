-- Every intercompany transfer price: the products' defaults (no pair) first, then the pairs.
SELECT product_code, from_entity, to_entity, price_cents, updated_at
FROM transfer_prices
ORDER BY product_code, from_entity IS NOT NULL, from_entity, to_entity IS NOT NULL, to_entity;
