CREATE OR REPLACE TABLE invoice_lines AS
SELECT CAST(l.invoice_id AS VARCHAR) AS invoice_id, CAST(i.number AS VARCHAR) AS number,
       CAST(i.kind AS VARCHAR) AS invoice_kind, CAST(i.account_id AS VARCHAR) AS account_id,
       CAST(l.line_no AS BIGINT) AS line_no, CAST(l.kind AS VARCHAR) AS kind,
       CAST(l.product_code AS VARCHAR) AS product_code, CAST(l.label AS VARCHAR) AS label,
       CAST(l.quantity AS BIGINT) AS quantity,
       CAST(CAST(l.unit_price_cents AS BIGINT) * 0.01 AS DECIMAL(12, 2)) AS unit_price_eur,
       CAST(CAST(l.amount_cents AS BIGINT) * 0.01 AS DECIMAL(12, 2)) AS amount_eur
FROM hub_invoice_lines AS l
JOIN hub_invoices AS i ON i.id = l.invoice_id
