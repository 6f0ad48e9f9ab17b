-- A product's label and aides.
UPDATE products SET label = :label, aides = :aides WHERE code = :code;
