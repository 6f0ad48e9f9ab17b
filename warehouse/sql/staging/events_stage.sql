-- Stage the lake partitions being loaded (`lake_partition_raw`): drop rows missing a key, keep
-- the first received copy of each event_id (across those partitions), derive the Paris date.
CREATE OR REPLACE TEMP TABLE events_staged AS
SELECT * EXCLUDE (rn, file_row)
FROM (
    SELECT
        r.*,
        paris_date(r.received_at) AS date,
        row_number() OVER (
            PARTITION BY r.event_id ORDER BY r.received_at, r.lake_date, r.source_file, r.file_row
        ) AS rn
    FROM lake_partition_raw AS r
    WHERE r.event_id IS NOT NULL AND r.event_id <> ''
      AND r.type IS NOT NULL AND r.type <> ''
      AND r.received_at IS NOT NULL
)
WHERE rn = 1
