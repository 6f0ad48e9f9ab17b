-- A row when the product code is known, with when it was archived (NULL: open for new uses).
SELECT archived_at FROM products WHERE code = :code;
