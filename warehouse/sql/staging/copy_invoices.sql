CREATE OR REPLACE TABLE invoices AS
SELECT CAST(i.id AS VARCHAR) AS id, CAST(i.number AS VARCHAR) AS number,
       CAST(i.kind AS VARCHAR) AS kind, CAST(i.entity_id AS VARCHAR) AS entity_id,
       CAST(i.buyer_id AS VARCHAR) AS buyer_id,
       CAST(i.customer_entity_id AS VARCHAR) AS customer_entity_id,
       i.customer_entity_id IS NOT NULL AS intercompany,
       CAST(i.account_id AS VARCHAR) AS account_id,
       CAST(i.period AS VARCHAR) AS period, CAST(i.period_start AS DATE) AS period_start,
       CAST(i.period_end AS DATE) AS period_end, CAST(i.issue_date AS DATE) AS issue_date,
       CAST(i.due_date AS DATE) AS due_date, CAST(i.refers_to AS VARCHAR) AS refers_to,
       CAST(i.currency AS VARCHAR) AS currency,
       CAST(CAST(i.vat_rate_bp AS BIGINT) * 0.01 AS DECIMAL(5, 2)) AS vat_rate,
       CAST(CAST(i.total_ht_cents AS BIGINT) * 0.01 AS DECIMAL(12, 2)) AS total_ht_eur,
       CAST(CAST(i.vat_cents AS BIGINT) * 0.01 AS DECIMAL(12, 2)) AS vat_eur,
       CAST(CAST(i.total_ttc_cents AS BIGINT) * 0.01 AS DECIMAL(12, 2)) AS total_ttc_eur,
       CAST(i.prepaid AS BIGINT) = 1 AS prepaid, CAST(i.status AS VARCHAR) AS status,
       CAST(i.issued_at AS TIMESTAMPTZ) AS issued_at, CAST(i.sent_at AS TIMESTAMPTZ) AS sent_at,
       CAST(i.paid_at AS TIMESTAMPTZ) AS paid_at
FROM hub_invoices AS i
