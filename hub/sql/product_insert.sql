-- A new product.
INSERT INTO products (code, label, aides) VALUES (:code, :label, :aides);
