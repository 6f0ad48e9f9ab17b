-- check: No event_id appears twice in events.
-- Checked for the event_ids of the partition loaded last (each load is checked as it runs, so
-- the table stays checked without counting every distinct id of the history each minute).
SELECT count(*) - count(DISTINCT event_id)
FROM events
WHERE event_id IN (
    SELECT event_id FROM events
    WHERE lake_date = (SELECT lake_date FROM lake_partitions ORDER BY loaded_at DESC LIMIT 1)
)
