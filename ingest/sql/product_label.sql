-- The label of a product (a form's public configuration).
SELECT label FROM products WHERE code = ?
