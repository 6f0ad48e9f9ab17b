-- check: No event_id appears twice in events.
-- Checked for the event_ids of the partitions of the last load (each load is checked as it
-- runs, so the table stays checked without counting every distinct id of the history each
-- minute); one load's partitions share its transaction's time.
SELECT count(*) - count(DISTINCT event_id)
FROM events
WHERE event_id IN (
    SELECT event_id FROM events
    WHERE lake_date IN (
        SELECT lake_date FROM lake_partitions
        WHERE loaded_at = (SELECT max(loaded_at) FROM lake_partitions)
    )
)
