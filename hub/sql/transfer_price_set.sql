-- Set (create or replace) a product's transfer price for a pair (NULL: any).
INSERT INTO transfer_prices (product_code, from_entity, to_entity, price_cents, updated_at)
VALUES (:code, :from_entity, :to_entity, :price_cents, :now)
ON CONFLICT (product_code, coalesce(from_entity, ''), coalesce(to_entity, ''))
DO UPDATE SET price_cents = excluded.price_cents, updated_at = excluded.updated_at;
