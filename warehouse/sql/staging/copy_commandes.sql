CREATE OR REPLACE TABLE commandes AS
SELECT CAST(id AS VARCHAR) AS id, CAST(buyer_id AS VARCHAR) AS buyer_id,
       CAST(name AS VARCHAR) AS name, CAST(product_code AS VARCHAR) AS product_code,
       CAST(departements AS VARCHAR) AS departements, CAST(daily_cap AS INTEGER) AS daily_cap,
       CAST(CAST(price_cents AS BIGINT) * 0.01 AS DECIMAL(12, 2)) AS price_eur,
       CAST(priority AS INTEGER) AS priority,
       coalesce(CAST(active AS BIGINT), 0) <> 0 AS active,
       CAST(created_at AS TIMESTAMPTZ) AS created_at
FROM hub_commandes
