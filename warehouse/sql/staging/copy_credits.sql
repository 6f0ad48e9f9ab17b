CREATE OR REPLACE TABLE credits AS
SELECT CAST(c.id AS VARCHAR) AS id, CAST(c.buyer_id AS VARCHAR) AS buyer_id,
       CAST(b.account_id AS VARCHAR) AS account_id, CAST(c.kind AS VARCHAR) AS kind,
       CAST(c.delivery_id AS VARCHAR) AS delivery_id, CAST(c.lead_id AS VARCHAR) AS lead_id,
       CAST(CAST(c.amount_cents AS BIGINT) * 0.01 AS DECIMAL(12, 2)) AS amount_eur,
       CAST(CAST(c.transfer_cents AS BIGINT) * 0.01 AS DECIMAL(12, 2)) AS transfer_eur,
       CAST(c.reason AS VARCHAR) AS reason,
       CAST(c.created_at AS TIMESTAMPTZ) AS created_at,
       paris_date(CAST(c.created_at AS TIMESTAMPTZ)) AS date
FROM hub_credits AS c
LEFT JOIN hub_buyers AS b ON b.id = c.buyer_id
