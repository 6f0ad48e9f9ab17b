-- A row when the product code is known.
SELECT 1 FROM products WHERE code = :code;
