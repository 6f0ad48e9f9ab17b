-- A demo product, unless its code exists already.
INSERT OR IGNORE INTO products VALUES (:code, :label);
