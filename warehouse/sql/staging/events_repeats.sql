-- Every row of `events` holding an event_id the load brought that more than one row now holds
-- (a re-sent event across midnight, in two files of one partition, or already in the history),
-- ranked: the first received copy (then partition, file, row in the file) stays, whichever load
-- brought it (events_delete_later_copies). Repeats are rare: the load's ids are probed against
-- the history's event_id column alone, then only the repeated ids' rows are read.
CREATE OR REPLACE TEMP TABLE events_repeats AS
WITH loaded AS (
    SELECT event_id FROM events SEMI JOIN loading_files USING (lake_date, source_file)
),
repeated AS (
    SELECT event_id
    FROM events
    WHERE event_id IN (SELECT event_id FROM loaded)
    GROUP BY event_id
    HAVING count(*) > 1
)
SELECT
    rowid AS rid, event_id, visitor_id, session_id, ts, sent_at, received_at, date,
    row_number() OVER (
        PARTITION BY event_id ORDER BY received_at, lake_date, source_file, file_row
    ) AS rn
FROM events
WHERE event_id IN (SELECT event_id FROM repeated)
