CREATE OR REPLACE TABLE buyers AS
SELECT CAST(id AS VARCHAR) AS id, CAST(account_id AS VARCHAR) AS account_id,
       CAST(name AS VARCHAR) AS name, coalesce(CAST(active AS BIGINT), 0) <> 0 AS active,
       CAST(created_at AS TIMESTAMPTZ) AS created_at,
       CAST(delivery_mode AS VARCHAR) AS delivery_mode,
       coalesce(CAST(dedupes AS BIGINT), 1) <> 0 AS dedupes,
       CAST(return_window_days AS INTEGER) AS return_window_days,
       coalesce(CAST(is_test AS BIGINT), 0) <> 0 AS is_test
FROM hub_buyers
