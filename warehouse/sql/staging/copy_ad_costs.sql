CREATE OR REPLACE TABLE ad_costs AS
SELECT CAST(account_id AS VARCHAR) AS account_id, CAST(date AS DATE) AS date,
       CAST(source AS VARCHAR) AS source, CAST(campaign AS VARCHAR) AS campaign,
       CAST(cost_cents AS BIGINT) AS cost_cents,
       CAST(CAST(cost_cents AS BIGINT) * 0.01 AS DECIMAL(12, 2)) AS cost_eur,
       CAST(currency AS VARCHAR) AS currency,
       CAST(imported_at AS TIMESTAMPTZ) AS imported_at, CAST(import_id AS VARCHAR) AS import_id
FROM hub_ad_costs
