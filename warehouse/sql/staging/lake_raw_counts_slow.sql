-- The counts of one partition's files conformed by pyarrow (arrow table `lake_slow_files`).
INSERT INTO lake_raw_counts
SELECT CAST($lake_date AS DATE), count(*),
       count(*) FILTER (WHERE lake_row_valid(event_id, type, received_at))
FROM lake_slow_files
