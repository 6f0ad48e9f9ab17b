-- One product.
SELECT code, label, aides FROM products WHERE code = :code;
