-- The lines of a document, in order.
SELECT line_no, kind, product_code, label, quantity, unit_price_cents, amount_cents
FROM invoice_lines WHERE invoice_id = :id ORDER BY line_no;
