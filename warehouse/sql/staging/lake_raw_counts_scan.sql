-- The counts of the files DuckDB reads itself (only the three key columns are read).
INSERT INTO lake_raw_counts
SELECT
    CAST(regexp_extract(filename, 'date=([0-9]{4}-[0-9]{2}-[0-9]{2})', 1) AS DATE) AS lake_date,
    count(*) AS rows_read,
    count(*) FILTER (WHERE lake_row_valid(event_id, type, received_at)) AS valid
FROM read_parquet($files, union_by_name = true, filename = true, hive_partitioning = false)
GROUP BY ALL
