-- The intercompany transfer price of each product that has one.
SELECT product_code, price_cents, updated_at FROM transfer_prices ORDER BY product_code;
