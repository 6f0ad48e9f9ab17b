CREATE OR REPLACE TABLE forms AS
SELECT CAST(id AS VARCHAR) AS id, CAST(key AS VARCHAR) AS key,
       CAST(account_id AS VARCHAR) AS account_id, CAST(lp_id AS VARCHAR) AS lp_id,
       CAST(name AS VARCHAR) AS name, CAST(url AS VARCHAR) AS url,
       CAST(thank_you_url AS VARCHAR) AS thank_you_url,
       CAST(product_code AS VARCHAR) AS product_code,
       CAST(consent_version AS VARCHAR) AS consent_version,
       CAST(required_fields AS VARCHAR) AS required_fields,
       coalesce(CAST(active AS BIGINT), 0) <> 0 AS active,
       CAST(created_at AS TIMESTAMPTZ) AS created_at
FROM hub_forms
