-- One line of an issued document.
INSERT INTO invoice_lines (
    invoice_id, line_no, kind, product_code, label, quantity, unit_price_cents, amount_cents
) VALUES (
    :invoice_id, :line_no, :kind, :product_code, :label, :quantity, :unit_price_cents,
    :amount_cents
);
