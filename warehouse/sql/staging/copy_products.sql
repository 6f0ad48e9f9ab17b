CREATE OR REPLACE TABLE products AS
SELECT CAST(code AS VARCHAR) AS code, CAST(label AS VARCHAR) AS label
FROM hub_products
