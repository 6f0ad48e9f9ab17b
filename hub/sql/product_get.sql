-- One product.
SELECT code, label, aides, archived_at FROM products WHERE code = :code;
