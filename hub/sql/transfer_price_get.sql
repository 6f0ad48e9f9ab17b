-- One product's transfer price.
SELECT product_code, price_cents, updated_at FROM transfer_prices WHERE product_code = :code;
