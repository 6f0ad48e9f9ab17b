-- check: No event_id appears twice in events.
-- Checked for the event_ids of the last load's files (`events_last_files`: each load is checked
-- as it runs, so the table stays checked without counting every distinct id of the history, or
-- of the whole day, each minute; decisions 0066, 0069). Every row holding one of those ids
-- counts: a copy anywhere in the history fails the check. Only the event_id column is probed.
WITH last AS (
    SELECT event_id FROM events SEMI JOIN events_last_files USING (lake_date, source_file)
)
SELECT count(*) - count(DISTINCT event_id)
FROM events
WHERE event_id IN (SELECT event_id FROM last)
