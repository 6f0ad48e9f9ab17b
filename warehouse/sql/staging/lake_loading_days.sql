-- The partitions being loaded; `replace`: reloaded whole (its rows deleted first), else only
-- its new files are appended (warehouse/lake_scan.py).
CREATE OR REPLACE TEMP TABLE loading_days AS
SELECT DISTINCT
    CAST(d AS DATE) AS lake_date,
    d NOT IN (SELECT unnest(CAST($appended AS VARCHAR[]))) AS replace
FROM unnest(CAST($days AS VARCHAR[])) AS t(d)
