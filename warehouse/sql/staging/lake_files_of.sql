-- The files each of these partitions was last loaded from, with their size and mtime.
SELECT strftime(lake_date, '%Y-%m-%d'), file, bytes, mtime_ns
FROM lake_files
WHERE lake_date IN (SELECT CAST(unnest(CAST($days AS VARCHAR[])) AS DATE))
