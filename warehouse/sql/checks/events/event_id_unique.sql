-- check: No event_id appears twice in events.
-- Checked for the event_ids of the last load (`events_last_load`: each load is checked as it
-- runs, so the table stays checked without counting every distinct id of the history, or of
-- the whole day, each minute; decision 0066). Every row holding one of those ids counts: a
-- copy anywhere in the history fails the check. Only the event_id column is read.
SELECT count(*) - count(DISTINCT event_id)
FROM events
WHERE event_id IN (SELECT event_id FROM events_last_load)
