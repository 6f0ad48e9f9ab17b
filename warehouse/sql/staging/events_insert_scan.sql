-- The valid rows of the lake files that already have EVENT_SCHEMA's columns and types, every
-- partition in one multi-threaded scan straight into `events` (decision 0069): the file and
-- row each came from, the partition, and the Paris dates (received: `date`; the event's own
-- time: `event_day`). A column no file has stays null: the files are read by name next to an
-- empty relation with every lake column (an older roller's files have no `ts` or `sent_at`).
-- Repeated ids are removed after (events_repeats, events_delete_later_copies).
INSERT INTO events BY NAME
WITH lake AS (
    SELECT *
    FROM read_parquet(
        $files, union_by_name = true, filename = true, file_row_number = true,
        hive_partitioning = false
    )
    UNION ALL BY NAME
    (SELECT * EXCLUDE (date, lake_date, source_file, file_row, event_day) FROM events LIMIT 0)
)
SELECT
    * EXCLUDE (filename, file_row_number),
    parse_filename(filename) AS source_file,
    file_row_number AS file_row,
    CAST(regexp_extract(filename, 'date=([0-9]{4}-[0-9]{2}-[0-9]{2})', 1) AS DATE) AS lake_date,
    paris_date(received_at) AS date,
    paris_date(event_time(ts, sent_at, received_at)) AS event_day
FROM lake
WHERE lake_row_valid(event_id, type, received_at)
