-- Set a product's transfer price.
INSERT INTO transfer_prices (product_code, price_cents, updated_at)
VALUES (:code, :price_cents, :now)
ON CONFLICT (product_code) DO UPDATE SET price_cents = excluded.price_cents,
                                         updated_at = excluded.updated_at;
