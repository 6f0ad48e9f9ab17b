-- A demo product, unless its code exists already.
INSERT OR IGNORE INTO products (code, label, aides) VALUES (:code, :label, :aides);
