-- Rows read and valid rows (read - rejected) of these partitions as last loaded.
SELECT strftime(lake_date, '%Y-%m-%d'), rows_read, rows_read - rejected_rows
FROM lake_partitions
WHERE lake_date IN (SELECT CAST(unnest(CAST($days AS VARCHAR[])) AS DATE))
