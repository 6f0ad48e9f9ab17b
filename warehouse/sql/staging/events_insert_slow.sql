-- The valid rows of one partition's files conformed by pyarrow (arrow table `lake_slow_files`,
-- with source_file and file_row), as events_insert_scan stores them.
INSERT INTO events BY NAME
SELECT
    *,
    CAST($lake_date AS DATE) AS lake_date,
    paris_date(received_at) AS date,
    paris_date(event_time(ts, sent_at, received_at)) AS event_day
FROM lake_slow_files
WHERE lake_row_valid(event_id, type, received_at)
