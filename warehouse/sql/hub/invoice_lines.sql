-- The lines of the issued documents.
SELECT invoice_id, line_no, kind, product_code, label, quantity, unit_price_cents, amount_cents
FROM invoice_lines
