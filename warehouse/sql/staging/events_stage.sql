-- Stage the lake partitions being loaded (`lake_partition_raw`): drop rows missing a key, keep
-- the first received copy of each event_id (across those partitions), derive the Paris dates
-- (received: `date`; the event's own time: `event_day`).
-- Repeats are rare: only the ids seen more than once go through the window; the other rows
-- keep the files' order (partition by partition), which keeps `events` clustered by day.
CREATE OR REPLACE TEMP TABLE events_staged AS
WITH valid AS (
    SELECT * FROM lake_partition_raw AS r
    WHERE r.event_id IS NOT NULL AND r.event_id <> ''
      AND r.type IS NOT NULL AND r.type <> ''
      AND r.received_at IS NOT NULL
),
repeated AS (
    SELECT event_id FROM valid GROUP BY event_id HAVING count(*) > 1
)
SELECT * EXCLUDE (file_row), paris_date(received_at) AS date,
       paris_date(event_time(ts, sent_at, received_at)) AS event_day
FROM valid
WHERE event_id NOT IN (SELECT event_id FROM repeated)
UNION ALL BY NAME
SELECT * EXCLUDE (rn, file_row)
FROM (
    SELECT
        v.*,
        paris_date(v.received_at) AS date,
        paris_date(event_time(v.ts, v.sent_at, v.received_at)) AS event_day,
        row_number() OVER (
            PARTITION BY v.event_id ORDER BY v.received_at, v.lake_date, v.source_file, v.file_row
        ) AS rn
    FROM valid AS v
    WHERE v.event_id IN (SELECT event_id FROM repeated)
)
WHERE rn = 1
