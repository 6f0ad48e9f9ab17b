CREATE OR REPLACE TABLE landing_pages AS
SELECT CAST(id AS VARCHAR) AS id, CAST(key AS VARCHAR) AS key,
       CAST(account_id AS VARCHAR) AS account_id, CAST(name AS VARCHAR) AS name,
       CAST(url AS VARCHAR) AS url, CAST(product_code AS VARCHAR) AS product_code,
       coalesce(CAST(active AS BIGINT), 0) <> 0 AS active,
       coalesce(CAST(variants AS VARCHAR), '[]') AS variants,
       CAST(created_at AS TIMESTAMPTZ) AS created_at
FROM hub_landing_pages
